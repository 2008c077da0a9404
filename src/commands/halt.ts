import { Flags } from '@oclif/core';
import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { assertAccount } from '../lib/account/assert-account.js';
import { requestHalt, type HaltMarker } from '../lib/deploy/index.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';

export default class HaltCommand extends OdinCommand<HaltMarker> {
  static override summary =
    'Stop the running deploy: it puts traffic back on the old fleet and undoes itself.';

  static override description = `Leaves a halt marker for the deploy in progress in the state bucket. That deploy reads \
the marker at every poll and, within one poll interval, undoes itself: traffic stays on (or returns to) the fleet \
that was live, and the new fleet is removed. The deploy then exits 4. \`odin halt\` itself returns at once.`;

  static override examples = [
    {
      description: 'Stop the production deploy',
      command: '<%= config.bin %> <%= command.id %> --env production --reason "5xx rising"',
    },
  ];

  static override flags = {
    reason: Flags.string({ summary: 'Why: recorded in the marker and shown by the halted deploy.' }),
  };

  async run(): Promise<HaltMarker> {
    const { flags } = await this.parse(HaltCommand);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      await assertAccount(aws, manifest);
      const marker = await requestHalt({ aws, clock, manifest }, { reason: flags.reason });
      if (!this.jsonEnabled()) {
        this.log(
          `Asked deploy ${marker.deployId} (release ${marker.releaseId}) of ${manifest.service}/${manifest.environment} to stop.`,
        );
        this.log('It undoes itself within one poll interval; `odin status` shows when traffic is back.');
      }
      return marker;
    } finally {
      await close();
    }
  }
}
