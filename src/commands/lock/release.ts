import { hostname } from 'node:os';

import { Flags } from '@oclif/core';

import { OdinCommand } from '../../cli/base-command.js';
import { createCommandContext } from '../../cli/command-context.js';
import { assertAccount } from '../../lib/account/assert-account.js';
import { loadManifest } from '../../lib/manifest/load-manifest.js';
import { releaseLock, type LockReleaseResult } from '../../lib/state/lock-admin.js';

export default class LockReleaseCommand extends OdinCommand<LockReleaseResult> {
  static override summary = "Release the service's deploy lease.";

  static override description = `Deletes the lease (the deploy lock) of the manifest's service and environment. \
An expired lease, and one you left behind (same caller and host, its process no longer running), are \
released at once. A lease whose holder may still be running (someone else's, another host's, or a deploy \
in another shell of yours) needs --force, and the output says whose it was: use it only when that process \
is gone (a killed CI job, a closed laptop). A deploy that is still running loses its lease at its next \
renewal and undoes itself.`;

  static override examples = [
    {
      description: 'Release a lease you left behind',
      command: '<%= config.bin %> <%= command.id %> --env staging',
    },
    {
      description: 'Free production after a CI runner died mid-deploy (check `odin lock status` first)',
      command: '<%= config.bin %> <%= command.id %> --env production --force',
    },
  ];

  static override flags = {
    force: Flags.boolean({ summary: 'Also release a lease whose holder may still be running.' }),
  };

  async run(): Promise<LockReleaseResult> {
    const { flags } = await this.parse(LockReleaseCommand);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      const identity = await assertAccount(aws, manifest);
      const { service, environment, state: store } = manifest;
      const ctx = { aws, clock, store, service, environment };
      const result = await releaseLock(ctx, { arn: identity.arn, host: hostname() }, { force: flags.force });
      if (!this.jsonEnabled()) {
        this.log(result.summary);
        if (result.forced) {
          this.logToStderr(
            'If that deploy is still running, it will lose the lease at its next renewal and undo itself.',
          );
        }
      }
      return result;
    } finally {
      await close();
    }
  }
}
