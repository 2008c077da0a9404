import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { confirmProduction, yesFlag } from '../cli/confirm-production.js';
import { lockWaitFlag, parseLockWait } from '../cli/lock-wait-flag.js';
import { reportRun } from '../lib/deploy/report-run.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';
import { describeChoice, planRollback, rollback, type RollbackResult } from '../lib/rollback/rollback.js';

export default class RollbackCommand extends OdinCommand<RollbackResult> {
  static override summary = 'Return the service to the previous good release, or to a named one.';

  static override description = `Puts back the release that was live before the current one (or the one named with \
--to). When that release's fleet is still kept as a standby, it is scaled back to the live capacity, gated on \
health and given all traffic in one verified step: no fleet is launched, and with a warm standby it takes about \
one health-check cycle. When the fleet is gone, the release is redeployed from its record (its image and \
manifest). The bad fleet is retired and kept as a standby per \`retain\`. Takes the same lease and journal as \
\`odin deploy\`; \`odin halt\` and Ctrl-C undo it. Refuses releases that never went live or whose image is gone.`;

  static override examples = [
    {
      description: 'Undo the last deploy',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Go back to a named release in production without a prompt',
      command: '<%= config.bin %> <%= command.id %> --env production --to r20261203-192455-a1b2 --yes',
    },
  ];

  static override flags = {
    to: Flags.string({
      summary: 'Release id to roll back to (see `odin history`); default: the previous good one.',
    }),
    message: Flags.string({ summary: 'Why: recorded in the release history and the lease.' }),
    yes: yesFlag,
    'lock-wait': lockWaitFlag,
    auto: Flags.boolean({
      summary:
        'When the release is redeployed with weighted or dns traffic, go past its pause steps without `odin promote`.',
    }),
  };

  async run(): Promise<RollbackResult> {
    const { flags } = await this.parse(RollbackCommand);
    const lockWaitMs = parseLockWait(flags['lock-wait']);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const context = await createCommandContext(flags, manifest);
    try {
      const domain = { aws: context.aws, clock: context.clock, signal: this.abortSignal() };
      const request = { manifest, to: flags.to, message: flags.message, lockWaitMs, autoPromote: flags.auto };
      if (manifest.production && !flags.yes)
        await confirmProduction(
          { interactive: this.isInteractive(), withTerminal: (prompt) => this.withTerminal(prompt) },
          {
            manifest,
            ask: `Roll back ${manifest.service} in ${manifest.environment}`,
            cancelled: 'Rollback cancelled',
            noTerminalHint: 'Pass --yes to roll back without confirmation.',
            describe: async () => describeChoice(await planRollback({ ...domain, sink: () => {} }, request)),
          },
        );
      const sink = this.events();
      return await reportRun(
        {
          sink,
          clock: context.clock,
          manifest,
          command: 'rollback',
          aws: context.aws,
          releaseOf: (r) => r.releaseId,
        },
        () => rollback({ ...domain, sink }, request),
        (r) =>
          `Rolled ${r.service} (${r.environment}) back to ${r.rolledBackTo} on ${r.newGroup} as release ${r.releaseId}: traffic on ${r.newGroup}`,
      );
    } finally {
      await context.close();
    }
  }
}
