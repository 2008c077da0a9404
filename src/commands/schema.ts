import { OdinCommand } from '../cli/base-command.js';
import { manifestJsonSchema } from '../lib/manifest/json-schema.js';

export default class Schema extends OdinCommand<Record<string, unknown>> {
  static override summary = 'Print the JSON Schema of the manifest.';

  static override description = `Prints the JSON Schema (draft 2020-12) of odin.yml on stdout, with a description of \
every key, for editors and other tools. With yaml-language-server (VS Code's YAML extension and others), save it \
and point the manifest at it with a first line \`# yaml-language-server: $schema=./odin.schema.json\`.
--json prints the same document.`;

  static override examples = [
    {
      description: 'Save the schema next to the manifest',
      command: '<%= config.bin %> <%= command.id %> > odin.schema.json',
    },
    {
      description: 'List the top-level keys',
      command: "<%= config.bin %> <%= command.id %> | jq '.properties | keys'",
    },
  ];

  async run(): Promise<Record<string, unknown>> {
    const schema = manifestJsonSchema();
    if (!this.jsonEnabled()) this.log(JSON.stringify(schema, null, 2));
    return schema;
  }
}
