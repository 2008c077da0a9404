import { Flags } from '@oclif/core';
import { createInterface } from 'node:readline/promises';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { recover, reportRun, type RecoverResult } from '../lib/deploy/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class RecoverCommand extends OdinCommand<RecoverResult> {
  static override summary =
    'Undo an unfinished deploy back to the last good release, or clean up orphaned fleets.';

  static override description = `When a deploy was killed (its journal is still running) or its undo failed, puts \
traffic back on the fleet that was live, restores that fleet's capacity and deletes the new fleet. Safe to run \
again. With nothing unfinished, lists fleets left behind by crashed deploys and, after confirmation (or --yes), \
deletes them.`;

  static override examples = [
    {
      description: 'Undo a deploy whose CI job was killed',
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
    {
      description: 'Delete orphaned fleets without asking',
      command: '<%= config.bin %> <%= command.id %> --yes',
    },
  ];

  static override flags = {
    yes: Flags.boolean({ char: 'y', summary: 'Delete orphaned fleets without asking.' }),
  };

  async run(): Promise<RecoverResult> {
    const { flags } = await this.parse(RecoverCommand);
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
      let result = await reportRun(
        report,
        () => recover(domain, manifest),
        (r) => r.summary,
      );
      if (result.action === 'orphans-found' && (flags.yes || (await this.askToDelete(result.orphans)))) {
        result = await reportRun(
          report,
          () => recover(domain, manifest, { deleteOrphans: true }),
          (r) => r.summary,
        );
      }
      if (!this.jsonEnabled()) this.log(this.describe(result, flags.yes));
      return result;
    } finally {
      await context.close();
    }
  }

  private describe(result: RecoverResult, yes: boolean): string {
    if (result.action === 'undone')
      return `Undid deploy ${result.deployId} (release ${result.releaseId}): ${result.summary}`;
    if (result.action === 'orphans-found' && !yes)
      return `Found ${result.summary}; run \`odin recover --yes\` to delete them.`;
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
