import { Flags } from '@oclif/core';
import { createInterface } from 'node:readline/promises';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { lockWaitFlag, parseLockWait } from '../cli/lock-wait-flag.js';
import { recover, reportRun, type RecoverResult } from '../lib/deploy/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class RecoverCommand extends OdinCommand<RecoverResult> {
  static override summary =
    'Undo an unfinished deploy back to the last good release, or clean up orphaned fleets.';

  static override description = `When a deploy was killed (its journal is still running) or its undo failed, puts \
traffic back on the fleet that was live, restores that fleet's capacity and deletes the new fleet. Safe to run \
again. Takes the service's lease like a deploy (held by another process: exit 3, or wait with --lock-wait) and \
renews it while it works. With nothing unfinished, lists fleets left behind by crashed deploys and, after confirmation (or --yes), \
deletes them.`;

  static override examples = [
    {
      description: 'Undo a deploy whose CI job was killed',
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
    {
      description: 'Wait up to 5 minutes for the lease a killed deploy left behind to expire',
      command: '<%= config.bin %> <%= command.id %> --lock-wait 5m',
    },
    {
      description: 'Delete orphaned fleets without asking',
      command: '<%= config.bin %> <%= command.id %> --yes',
    },
  ];

  static override flags = {
    yes: Flags.boolean({ char: 'y', summary: 'Delete orphaned fleets without asking.' }),
    'lock-wait': lockWaitFlag,
  };

  async run(): Promise<RecoverResult> {
    const { flags } = await this.parse(RecoverCommand);
    const lockWaitMs = parseLockWait(flags['lock-wait']);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const context = await createCommandContext(flags, manifest);
    try {
      const domain = {
        aws: context.aws,
        clock: context.clock,
        signal: this.abortSignal(),
        sink: this.events(),
      };
      const report = {
        sink: domain.sink,
        clock: context.clock,
        manifest,
        command: 'recover',
        aws: context.aws,
      };
      // The renderer prints each run's summary as its last line: nothing more is logged here.
      const willAsk = flags.yes || this.isInteractive();
      let result = await reportRun(
        report,
        () => recover(domain, manifest, { lockWaitMs }),
        (r) => this.describe(r, willAsk),
      );
      if (result.action === 'orphans-found' && (flags.yes || (await this.askToDelete(result.orphans)))) {
        result = await reportRun(
          report,
          () => recover(domain, manifest, { deleteOrphans: true, lockWaitMs }),
          (r) => this.describe(r, true),
        );
      }
      return result;
    } finally {
      await context.close();
    }
  }

  /** The run's last line; `deciding`: the user is about to be asked (or --yes answered) about orphans. */
  private describe(result: RecoverResult, deciding: boolean): string {
    if (result.action === 'undone')
      return `Undid deploy ${result.deployId} (release ${result.releaseId}): ${result.summary}`;
    if (result.action === 'orphans-found' && !deciding)
      return `Found ${result.summary}; run \`odin recover --yes\` to delete them.`;
    if (result.action === 'orphans-found') return `Found ${result.summary}`;
    return result.summary.charAt(0).toUpperCase() + result.summary.slice(1);
  }

  private async askToDelete(orphans: string[]): Promise<boolean> {
    if (!this.isInteractive()) return false;
    return this.withTerminal(async () => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(
          `Delete ${orphans.length} orphaned fleet(s) (${orphans.join(', ')})? [y/N] `,
        );
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    });
  }
}
