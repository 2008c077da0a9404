import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { confirmProduction, yesFlag } from '../cli/confirm-production.js';
import { lockWaitFlag, parseLockWait } from '../cli/lock-wait-flag.js';
import { reportRun } from '../lib/deploy/report-run.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';
import { scale, type ScaleResult } from '../lib/scale/scale.js';

export default class ScaleCommand extends OdinCommand<ScaleResult> {
  static override summary = "Change the live fleet's capacity, or re-apply the manifest's scaling policies.";

  static override description = `Sets the live fleet's desired, min and/or max (omitted ones keep their current \
value; min ≤ desired ≤ max is checked before anything changes) within the deploy lease, then waits until the \
fleet has that many healthy instances; a capacity it already has changes nothing and takes no lease. While a \
deploy holds the lease, scale refuses (exit 3) naming the holder, or waits with --lock-wait. Scaling in never takes out more instances at once than are healthy beyond the \
floor (health.floor), and never goes below it. \`--policies\` re-applies the manifest's target-tracking policies \
and removes odin policies it no longer lists. Production environments ask for confirmation (or \`--yes\`).`;

  static override examples = [
    { description: 'Run 6 instances', command: '<%= config.bin %> <%= command.id %> --desired 6' },
    {
      description: 'Raise the ceiling for a sale and let autoscaling use it',
      command: '<%= config.bin %> <%= command.id %> --env production --max 20 --no-wait',
    },
    {
      description: 'Apply edited scaling policies',
      command: '<%= config.bin %> <%= command.id %> --policies',
    },
  ];

  static override flags = {
    desired: Flags.integer({ summary: 'Desired instances.', min: 0 }),
    min: Flags.integer({ summary: 'Fewest instances autoscaling may scale in to.', min: 0 }),
    max: Flags.integer({ summary: 'Most instances autoscaling may scale out to.', min: 0 }),
    wait: Flags.boolean({
      summary: 'Wait until the fleet has the new size with healthy targets (--no-wait returns at once).',
      default: true,
      allowNo: true,
    }),
    policies: Flags.boolean({
      summary: "Re-apply the manifest's scaling policies; remove odin ones it dropped.",
    }),
    yes: yesFlag,
    'lock-wait': lockWaitFlag,
  };

  async run(): Promise<ScaleResult> {
    const { flags } = await this.parse(ScaleCommand);
    const lockWaitMs = parseLockWait(flags['lock-wait']);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    if (manifest.production && !flags.yes)
      await confirmProduction(
        { interactive: this.isInteractive(), withTerminal: (prompt) => this.withTerminal(prompt) },
        {
          manifest,
          ask: `Scale ${manifest.service} in ${manifest.environment}`,
          cancelled: 'Scale cancelled',
          noTerminalHint: 'Pass --yes to scale without confirmation.',
          describe: async () => describeChange(flags),
        },
      );
    const context = await createCommandContext(flags, manifest);
    try {
      const sink = this.events();
      return await reportRun(
        { sink, clock: context.clock, manifest, command: 'scale', aws: context.aws },
        () =>
          scale(
            { aws: context.aws, clock: context.clock, sink, signal: this.abortSignal() },
            {
              manifest,
              desired: flags.desired,
              min: flags.min,
              max: flags.max,
              wait: flags.wait,
              policies: flags.policies,
              lockWaitMs,
            },
          ),
        (r) => r.summary,
      );
    } finally {
      await context.close();
    }
  }
}

/** What the production prompt shows: the capacity and policies asked for. */
function describeChange(flags: { desired?: number; min?: number; max?: number; policies: boolean }): string {
  const sizes = (['min', 'desired', 'max'] as const)
    .filter((key) => flags[key] !== undefined)
    .map((key) => `${key} ${flags[key]}`);
  const parts = [
    ...(sizes.length > 0 ? [`set ${sizes.join(', ')}`] : []),
    ...(flags.policies ? ['re-apply the scaling policies'] : []),
  ];
  return `odin scale will ${parts.join(' and ') || 'check the live fleet'}.`;
}
