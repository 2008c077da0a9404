import { OdinCommand } from '../cli/base-command.js';
import { createCommandContext } from '../cli/command-context.js';
import { assertAccount } from '../lib/account/assert-account.js';
import { loadManifest } from '../lib/manifest/load-manifest.js';
import { requestPromote, type PromoteMarker } from '../lib/traffic/promote.js';

export default class PromoteCommand extends OdinCommand<PromoteMarker> {
  static override summary = 'Let the running deploy continue past its pause step.';

  static override description = `Weighted and dns traffic steps may include \`pause\`: the deploy holds its current \
split, still watching alarms and health, until someone runs \`odin promote\` (from any terminal or CI job) or \
\`odin halt\`. This command leaves a promote marker for the running deploy in the state bucket and returns at once; \
the deploy picks it up within one poll interval and moves to its next step. A promote sent before the deploy \
reaches a pause lets it go past that pause. \`odin deploy --auto\` skips pauses altogether.`;

  static override examples = [
    {
      description: 'Continue the production canary after checking its dashboards',
      command: '<%= config.bin %> <%= command.id %> --env production',
    },
  ];

  async run(): Promise<PromoteMarker> {
    const { flags } = await this.parse(PromoteCommand);
    const manifest = await loadManifest(flags.manifest, { env: flags.env });
    const { aws, clock, close } = await createCommandContext(flags, manifest);
    try {
      await assertAccount(aws, manifest);
      const marker = await requestPromote({ aws, clock, manifest });
      if (!this.jsonEnabled()) {
        this.log(
          `Told deploy ${marker.deployId} (release ${marker.releaseId}) of ${manifest.service}/${manifest.environment} to continue.`,
        );
        this.log('It moves to its next step within one poll interval.');
      }
      return marker;
    } finally {
      await close();
    }
  }
}
