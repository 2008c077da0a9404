import { Flags } from '@oclif/core';
import { createInterface } from 'node:readline/promises';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { reportRun } from '../lib/deploy/report-run.js';
import { InvalidFlagError, RefusedError } from '../lib/errors/errors.js';
import { toOdinError } from '../lib/errors/odin-error.js';
import { parseDuration } from '../lib/manifest/duration.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';
import type { Manifest } from '../lib/manifest/types.js';
import {
  describeChoice,
  planRollback,
  rollback,
  type RollbackPlan,
  type RollbackResult,
} from '../lib/rollback/rollback.js';

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
    yes: Flags.boolean({
      char: 'y',
      summary: 'Do not ask for confirmation (required for production without a terminal).',
    }),
    'lock-wait': Flags.string({
      summary: 'How long to wait for a held lease, e.g. 10m (default: fail at once).',
    }),
  };

  async run(): Promise<RollbackResult> {
    const { flags } = await this.parse(RollbackCommand);
    const lockWaitMs = flags['lock-wait'] ? parseFlagDuration('--lock-wait', flags['lock-wait']) : 0;
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const context = await createCommandContext(flags, manifest);
    try {
      const domain = { aws: context.aws, clock: context.clock, signal: this.abortSignal() };
      const request = { manifest, to: flags.to, message: flags.message, lockWaitMs };
      if (manifest.production && !flags.yes)
        await this.confirm(manifest, () => planRollback({ ...domain, sink: () => {} }, request));
      const sink = this.events();
      return await reportRun(
        { sink, clock: context.clock, manifest, command: 'rollback' },
        () => rollback({ ...domain, sink }, request),
        (r) =>
          `Rolled ${r.service} (${r.environment}) back to ${r.rolledBackTo} on ${r.newGroup} as release ${r.releaseId}: traffic on ${r.newGroup}`,
      );
    } finally {
      await context.close();
    }
  }

  /** Production: say what will happen and ask on a terminal; without one, `--yes` is required. */
  private async confirm(manifest: Manifest, makePlan: () => Promise<RollbackPlan>): Promise<void> {
    if (!this.isInteractive()) {
      throw new InvalidFlagError(
        `${manifest.service} (${manifest.environment}) is a production environment and there is no terminal to confirm on`,
        { hint: 'Pass --yes to roll back without confirmation.' },
      );
    }
    const plan = await makePlan();
    await this.withTerminal(async () => {
      process.stderr.write(`${describeChoice(plan)}\n\n`);
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(
          `Roll back production ${manifest.environment}? Type "yes" to continue: `,
        );
        if (answer.trim().toLowerCase() !== 'yes')
          throw new RefusedError('Rollback cancelled; nothing was changed', {
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
