import { OdinCommand } from '../../cli/base-command.js';
import { createCommandContext } from '../../cli/command-context.js';
import { assertAccount } from '../../lib/account/assert-account.js';
import { loadManifest } from '../../lib/manifest/load-manifest.js';
import { formatSpan } from '../../lib/state/lease-holder.js';
import { lockStatus, type LockStatus } from '../../lib/state/lock-admin.js';

export default class LockStatusCommand extends OdinCommand<LockStatus> {
  static override summary = "Show who holds the service's deploy lease.";

  static override description = `Reads the lease (the deploy lock) of the manifest's service and environment from \
the state bucket and shows who holds it: the caller's ARN, host and process, the command and release, \
the CI run, since when, and when it expires. An expired lease is free: the next odin to ask takes it over.
Nothing is changed.`;

  static override examples = [
    {
      description: 'Who is deploying to production?',
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
    {
      description: 'In a pipeline: the holder as JSON',
      command: '<%= config.bin %> <%= command.id %> --env staging --json | jq .holder',
    },
  ];

  async run(): Promise<LockStatus> {
    const { flags } = await this.parse(LockStatusCommand);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      await assertAccount(aws, manifest);
      const { service, environment, state: store } = manifest;
      const status = await lockStatus({ aws, clock, store, service, environment });
      if (!this.jsonEnabled()) this.print(status);
      return status;
    } finally {
      await close();
    }
  }

  private print(status: LockStatus): void {
    const target = `${status.service}/${status.environment}`;
    const { holder } = status;
    if (status.state === 'free' || !holder) {
      this.log(`${target} is free`);
      return;
    }
    const expiresIn = status.expiresInMs ?? 0;
    this.log(status.state === 'held' ? `${target} is locked` : `${target} is free (its last lease expired)`);
    const rows: Array<[string, string | undefined]> = [
      ['holder', holder.arn],
      ['host', `${holder.host} (pid ${holder.pid})`],
      ['command', holder.command],
      ['release', holder.releaseId],
      ['message', holder.message],
      ['CI run', holder.ciRunUrl],
      ['since', status.acquiredAt],
      ['expires', expiresIn > 0 ? `in ${formatSpan(expiresIn)}` : `${formatSpan(-expiresIn)} ago`],
    ];
    for (const [label, value] of rows) if (value) this.log(`  ${label.padEnd(8)} ${value}`);
  }
}
