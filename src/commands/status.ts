import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext, type CommandContext } from '../cli/command-context.js';
import { assertAccount } from '../lib/account/assert-account.js';
import { InvalidFlagError } from '../lib/errors/errors.js';
import { toOdinError } from '../lib/errors/odin-error.js';
import { parseDuration } from '../lib/manifest/duration.js';
import { loadManifest, loadManifests } from '../lib/manifest/load-manifest.js';
import { formatStatus } from '../lib/status/format-status.js';
import { watchDrawsDashboard, watchPlain } from '../lib/render/status-watch.js';
import { readStatus } from '../lib/status/read-status.js';
import type { ServiceStatus } from '../lib/status/service-status.js';

/** What `odin status --json` prints: one status per environment. */
export interface StatusResult {
  environments: ServiceStatus[];
}

export default class StatusCommand extends OdinCommand<StatusResult> {
  static override summary = 'Show what is live, how healthy it is, where traffic goes, and what is going on.';

  static override description = `For each environment of the manifest (or only --env): the live release and its age, \
the fleet's capacity and instance states, healthy and unhealthy targets per target group, the traffic split, \
standby fleets and when their warm window ends, any deploy in progress with its last step and the lease holder, \
and recent scaling activity (including replacements of unhealthy instances). \`--watch\` keeps it on screen, \
refreshed: a live dashboard on a terminal; without one (a pipe, CI) it prints a plain snapshot at every refresh. \
Nothing is changed.`;

  static override examples = [
    { description: 'Every environment of ./odin.yml', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Watch production during an incident',
      command: '<%= config.bin %> <%= command.id %> --env production --watch',
    },
    {
      description: 'The traffic split as JSON',
      command: '<%= config.bin %> <%= command.id %> --env staging --json | jq .environments[0].traffic',
    },
  ];

  static override flags = {
    watch: Flags.boolean({
      char: 'w',
      summary: 'Refresh every --interval: a live dashboard on a terminal, plain snapshots otherwise.',
      exclusive: ['json'],
    }),
    interval: Flags.string({
      summary: 'How often --watch refreshes, e.g. 5s.',
      default: '5s',
    }),
  };

  async run(): Promise<StatusResult> {
    const { flags } = await this.parse(StatusCommand);
    const intervalMs = parseInterval(flags.interval);
    const manifests = flags.env
      ? [await loadManifest(flags.manifest, { env: flags.env })]
      : await loadManifests(flags.manifest);
    const contexts: CommandContext[] = [];
    try {
      for (const manifest of manifests) contexts.push(await createCommandContext(flags, manifest));
      await Promise.all(manifests.map((m, i) => assertAccount(contextAt(contexts, i).aws, m)));
      const read = (): Promise<ServiceStatus[]> =>
        Promise.all(manifests.map((m, i) => readStatus(contextAt(contexts, i), m)));
      if (flags.watch) return { environments: await this.watch(read, intervalMs, contextAt(contexts, 0)) };
      const environments = await read();
      if (!this.jsonEnabled()) this.log(environments.map((s) => formatStatus(s).join('\n')).join('\n\n'));
      return { environments };
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  }

  /**
   * The dashboard on a terminal, plain snapshots at every refresh elsewhere (a pipe, a CI log).
   * The dashboard is loaded only here, so that plain `odin status` starts without ink and React.
   */
  private async watch(
    read: () => Promise<ServiceStatus[]>,
    intervalMs: number,
    context: CommandContext,
  ): Promise<ServiceStatus[]> {
    const options = { read, intervalMs, clock: context.clock, signal: this.abortSignal() };
    if (!watchDrawsDashboard(Boolean(process.stdout.isTTY), process.env))
      return watchPlain({ ...options, stdout: process.stdout, stderr: process.stderr });
    const { runDashboard } = await import('../lib/render/dashboard.js');
    return runDashboard(options);
  }
}

function contextAt(contexts: CommandContext[], index: number): CommandContext {
  const context = contexts[index];
  if (!context) throw new Error(`no AWS context for environment ${index}`);
  return context;
}

function parseInterval(value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms >= 1000) return ms;
  } catch (error) {
    throw new InvalidFlagError(`--interval: ${toOdinError(error).message}`, {
      hint: 'Write it like 5s or 1m.',
    });
  }
  throw new InvalidFlagError(`--interval ${value} is shorter than a second`, {
    hint: 'Write it like 5s or 1m.',
  });
}
