import { Flags } from '@oclif/core';
import { createInterface } from 'node:readline/promises';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { deploy, formatPlan, plan, reportRun, type DeployResult } from '../lib/deploy/index.js';
import { InvalidFlagError, RefusedError } from '../lib/errors/errors.js';
import { toOdinError } from '../lib/errors/odin-error.js';
import { parseDuration } from '../lib/manifest/duration.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';
import type { Manifest } from '../lib/manifest/types.js';

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
    yes: Flags.boolean({
      char: 'y',
      summary: 'Do not ask for confirmation (required for production without a terminal).',
    }),
    'lock-wait': Flags.string({
      summary: 'How long to wait for a held lease, e.g. 10m (default: fail at once).',
    }),
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
    const lockWaitMs = flags['lock-wait'] ? parseFlagDuration('--lock-wait', flags['lock-wait']) : 0;
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
        await this.confirm(manifest, () => plan({ ...domain, sink: () => {} }, request));
      const sink = this.events();
      return await reportRun(
        { sink, clock: context.clock, manifest, command: 'deploy' },
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

  /** Production: show the plan and ask on a terminal; without one, `--yes` is required. */
  private async confirm(manifest: Manifest, makePlan: () => ReturnType<typeof plan>): Promise<void> {
    if (!this.isInteractive()) {
      throw new InvalidFlagError(
        `${manifest.service} (${manifest.environment}) is a production environment and there is no terminal to confirm on`,
        {
          hint: 'Pass --yes to deploy without confirmation (run `odin plan` first to see the changes).',
        },
      );
    }
    const shown = await makePlan();
    await this.withTerminal(async () => {
      process.stderr.write(formatPlan(shown).join('\n') + '\n\n');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(
          `Deploy to production ${manifest.environment}? Type "yes" to continue: `,
        );
        if (answer.trim().toLowerCase() !== 'yes')
          throw new RefusedError('Deploy cancelled; nothing was changed', {
            hint: 'Run it again and answer yes, or pass --yes.',
          });
      } finally {
        rl.close();
      }
    });
  }
}

function parseFlagDuration(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidFlagError(`${flag}: ${toOdinError(error).message}`, { hint: toOdinError(error).hint });
  }
}
