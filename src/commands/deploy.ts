import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { confirmProduction, yesFlag } from '../cli/confirm-production.js';
import { lockWaitFlag, parseLockWait } from '../cli/lock-wait-flag.js';
import { deploy, formatPlan, plan, reportRun, type DeployResult } from '../lib/deploy/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class DeployCommand extends OdinCommand<DeployResult> {
  static override summary =
    'Deploy a release blue/green: new fleet, health gate, verified cutover, old fleet retired.';

  static override description = `Launches a new Auto Scaling group for the release next to the live one, waits until \
it is healthy in every gating target group, moves traffic to it and reads the move back, then retires the old \
fleet (kept as a warm standby per \`retain\`). Any failure, \`odin halt\` or Ctrl-C undoes the deploy: traffic \
stays on the old fleet and what the deploy created is removed. A killed deploy is finished with \`--resume\` or \
undone with \`odin recover\`. Production environments ask for confirmation (or \`--yes\`).`;

  static override examples = [
    {
      description: 'Deploy the manifest in the current directory',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Deploy a freshly built AMI to staging',
      command: '<%= config.bin %> <%= command.id %> --env staging --image ami-0abc1234 --yes',
    },
    {
      description: 'Finish a deploy whose process was killed',
      command: '<%= config.bin %> <%= command.id %> --resume',
    },
    {
      description: 'Wait up to 10 minutes for another deploy to end',
      command: '<%= config.bin %> <%= command.id %> --lock-wait 10m',
    },
  ];

  static override flags = {
    image: Flags.string({ summary: 'Image for this release: ami-..., ssm:/parameter/path or name:pattern.' }),
    release: Flags.string({
      summary: 'Release id (letters, digits, . _ -); generated from the time when omitted.',
    }),
    message: Flags.string({ summary: 'Why this release: recorded in the release history and the lease.' }),
    yes: yesFlag,
    'lock-wait': lockWaitFlag,
    resume: Flags.boolean({
      summary: 'Finish the unfinished deploy recorded in the journal.',
      exclusive: ['image', 'release'],
    }),
    'keep-failed': Flags.boolean({
      summary: 'On failure keep the new fleet (detached, tagged failed) for debugging.',
    }),
    auto: Flags.boolean({
      summary: 'Go past the pause steps of weighted or dns traffic without waiting for `odin promote`.',
    }),
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(DeployCommand);
    const lockWaitMs = parseLockWait(flags['lock-wait']);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const context = await createCommandContext(flags, manifest);
    try {
      const domain = { aws: context.aws, clock: context.clock, signal: this.abortSignal() };
      const request = {
        manifest,
        imageOverride: flags.image,
        releaseId: flags.release,
        message: flags.message,
        resume: flags.resume,
        keepFailed: flags['keep-failed'],
        autoPromote: flags.auto,
        lockWaitMs,
      };
      if (manifest.production && !flags.yes && !flags.resume)
        await confirmProduction(
          { interactive: this.isInteractive(), withTerminal: (prompt) => this.withTerminal(prompt) },
          {
            manifest,
            ask: `Deploy ${manifest.service} to ${manifest.environment}`,
            cancelled: 'Deploy cancelled',
            noTerminalHint:
              'Pass --yes to deploy without confirmation (run `odin plan` first to see the changes).',
            describe: async () => formatPlan(await plan({ ...domain, sink: () => {} }, request)).join('\n'),
          },
        );
      const sink = this.events();
      return await reportRun(
        {
          sink,
          clock: context.clock,
          manifest,
          command: 'deploy',
          aws: context.aws,
          releaseOf: (r) => r.releaseId,
        },
        () => deploy({ ...domain, sink }, request),
        (r) => this.summarise(r),
      );
    } finally {
      await context.close();
    }
  }

  private summarise(result: DeployResult): string {
    const verb = result.resumed ? 'Finished deploying' : 'Deployed';
    // The renderer prints this line last, with the run's total time. The split read back at
    // cutover is in the JSON result; after retirement all traffic is on the new fleet.
    return `${verb} ${result.service} ${result.releaseId} to ${result.environment}: traffic on ${result.newGroup}`;
  }
}
