import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { assertAccount } from '../lib/account/assert-account.js';
import { InvalidFlagError } from '../lib/errors/errors.js';
import {
  DEFAULT_HISTORY_LIMIT,
  formatHistory,
  queryHistory,
  type HistoryEntry,
} from '../lib/history/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

/** What `odin history --json` prints. */
export interface HistoryResult {
  service: string;
  environment: string;
  releases: HistoryEntry[];
}

export default class HistoryCommand extends OdinCommand<HistoryResult> {
  static override summary =
    'List the releases of the service: id, image, who, when, message, outcome, duration.';

  static override description = `Reads the release history from the state bucket, newest first. Every deploy and \
rollback is a release; a rollback names the release it put back. Outcomes: live, superseded (was live), \
rolled-back (failed and undone), needs-attention, in-progress. Nothing is changed.`;

  static override examples = [
    { description: 'The last 20 releases', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'The last 5 production releases as JSON',
      command: '<%= config.bin %> <%= command.id %> --env production -n 5 --json',
    },
  ];

  static override flags = {
    limit: Flags.integer({
      char: 'n',
      summary: `How many releases to list (default ${DEFAULT_HISTORY_LIMIT}).`,
      default: DEFAULT_HISTORY_LIMIT,
    }),
  };

  async run(): Promise<HistoryResult> {
    const { flags } = await this.parse(HistoryCommand);
    if (flags.limit < 1)
      throw new InvalidFlagError(`-n ${flags.limit} must be at least 1`, {
        hint: 'Pass -n 10, for example.',
      });
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      await assertAccount(aws, manifest);
      const { service, environment, state: store } = manifest;
      const releases = await queryHistory(
        { aws, clock, store, service, environment, sink: this.events() },
        { limit: flags.limit },
      );
      await this.finishEvents();
      if (!this.jsonEnabled()) for (const line of formatHistory(releases)) this.log(line);
      return { service, environment, releases };
    } finally {
      await close();
    }
  }
}
