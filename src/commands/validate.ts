import { OdinCommand } from '../cli/base-command.js';
import { loadManifests } from '../lib/manifest/load-manifest.js';
import { summarizeManifest } from '../lib/manifest/summarize-manifest.js';
import type { Manifest } from '../lib/manifest/types.js';
import { userDataSize } from '../lib/manifest/user-data.js';

/** What `odin validate --json` prints: the resolved manifest of every environment checked. */
export interface ValidateResult {
  file: string;
  valid: true;
  manifests: Manifest[];
}

export default class Validate extends OdinCommand<ValidateResult> {
  static override summary = 'Check the manifest and show what it resolves to.';

  static override description = `Reads the manifest, checks every key, the rules between keys and each environment's \
merged result (or only --env), and prints a summary of the resolved service: environment, region, account, \
image source, instance types, capacity, health gate, traffic strategy and steps, retention, scaling and state bucket.

Every problem is reported at once as \`file:line:col  key.path  message\` with a hint, and the command exits 2.
Nothing is called in AWS; names and lookups are resolved later, by \`odin plan\` and \`odin deploy\`.`;

  static override examples = [
    {
      description: 'Check odin.yml and all its environments',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Check one environment of another file',
      command: '<%= config.bin %> <%= command.id %> -f services/checkout.yml --env production',
    },
    {
      description: 'Print the resolved manifests as JSON',
      command: '<%= config.bin %> <%= command.id %> --json',
    },
  ];

  async run(): Promise<ValidateResult> {
    const { flags } = await this.parse(Validate);
    const loaded = await loadManifests(flags.manifest, { env: flags.env });
    const manifests = flags.region ? loaded.map((m) => ({ ...m, region: flags.region as string })) : loaded;

    if (!this.jsonEnabled()) {
      for (const manifest of manifests) this.printSummary(manifest, await userDataSize(manifest));
      const names = manifests.map((m) => m.environment).join(', ');
      this.log(
        `${flags.manifest} is valid (${manifests.length === 1 ? 'environment' : 'environments'} ${names}).`,
      );
    }
    return { file: manifests[0]?.file ?? flags.manifest, valid: true, manifests };
  }

  private printSummary(manifest: Manifest, userDataBytes: number | undefined): void {
    const lines = summarizeManifest(manifest, userDataBytes);
    const width = Math.max(...lines.map((line) => line.label.length));
    this.log(manifest.environment);
    for (const line of lines) this.log(`  ${line.label.padEnd(width)}  ${line.value}`);
    this.log('');
  }
}
