/**
 * docs/manifest.md, generated from the JSON Schema so the reference cannot drift from what odin
 * accepts. Regenerate with `ODIN_UPDATE_GENERATED=1 npx vitest run test/lib/manifest/generated.test.ts`.
 */
import { DURATION_PATTERN } from './duration.js';
import { manifestJsonSchema } from './json-schema.js';

type JsonSchema = Record<string, unknown>;

interface Row {
  key: string;
  type: string;
  required: boolean;
  fallback: string;
  description: string;
}

/** Where the committed reference lives, relative to the repository root. */
export const REFERENCE_PATH = 'docs/manifest.md';

const INTRO = `<!-- Generated from src/lib/manifest/schema.ts: do not edit by hand.
     Regenerate: ODIN_UPDATE_GENERATED=1 npx vitest run test/lib/manifest/generated.test.ts -->

# The manifest: odin.yml

One file per service describes how odin deploys it. \`odin init\` writes a commented starter,
\`odin validate\` checks it (every environment) and prints what it resolves to, and
\`odin schema\` prints the JSON Schema for editors. Start the file with
\`# yaml-language-server: $schema=<path>/odin.schema.json\` to get completion and checks while typing.

## Conventions

- **Durations** are a number and a unit, largest unit first: \`500ms\`, \`90s\`, \`10m\`, \`1h30m\`,
  \`2d\`. A bare number is an error: write \`90s\`, not \`90\`.
- **Names or ids.** Subnets, security groups, target groups and load balancers may be given by id
  (or ARN) or by name (the \`Name\` tag for subnets and security groups); odin resolves them
  before it changes anything.
- **account** must be quoted: YAML reads an unquoted \`012345678901\` as the number 12345678901.
- **environments** are named overlays picked with \`--env NAME\`: maps merge deeply into the base,
  lists replace. An overlay that picks a different \`image\` source or \`traffic.strategy\`
  replaces that section, and \`type\`/\`types\` replace each other. Without \`--env\` the base is
  used (environment \`default\`).
- **image** can be overridden per deploy: \`--image ami-0123456789abcdef0\`,
  \`--image ssm:/path/to/parameter\` or \`--image name:demo-app-v2*\`.
- **instances.userData** is a file next to the manifest. Before launch odin replaces
  \`\${ODIN_RELEASE}\`, \`\${ODIN_SERVICE}\`, \`\${ODIN_ENVIRONMENT}\`, \`\${ODIN_IMAGE}\` and each
  \`\${NAME}\` of \`instances.variables\` in it; every other \`\${NAME}\` (\`\${HOME}\`, \`\${PATH}\`) is
  left to the shell. An unknown \`\${ODIN_...}\`, or a name a small edit away from one odin
  substitutes (\`\${DB_PASWORD}\`), is an error, since a typo would reach every instance as
  written; write \`$\${NAME}\` to leave such a name to the shell. Its contents are never printed.
- **Secrets.** A variable read from SSM (\`{ssm: /path}\`, read with decryption at deploy time)
  or marked \`{value: ..., secret: true}\` is secret: it reaches only the launch template's user
  data. Plans and \`odin validate\` name it as \`NAME (secret, from ssm:/path)\`, and any output,
  event, error or release record that would hold its value shows \`[secret NAME]\` instead. A
  secret written in the manifest is in the repository for every reader: keep secrets in SSM.

## Keys
`;

/** The whole reference document, in Markdown. */
export function renderReference(): string {
  const schema = manifestJsonSchema();
  const properties = schema.properties as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const sections = Object.entries(properties).map(([key, value]) =>
    renderSection(key, value, required.has(key)),
  );
  return `${INTRO}\n${sections.join('\n')}`;
}

function renderSection(key: string, schema: JsonSchema, required: boolean): string {
  const heading = `### \`${key}\`\n\n${describe(schema)}\n`;
  if (key === 'environments') return `${heading}\n${table([row(key, schema, required)])}`;
  const variants = alternativesOf(schema);
  if (variants && variants.every((v) => v.type === 'object')) {
    const parts = variants.map((variant) => {
      const strategy = (variant.properties as Record<string, JsonSchema>)?.strategy?.const;
      const title =
        strategy === undefined ? '' : `#### \`strategy: ${String(strategy)}\`\n\n${describe(variant)}\n\n`;
      return title + table(rowsOf(key, variant));
    });
    return `${heading}\n${parts.join('\n')}`;
  }
  return `${heading}\n${table([row(key, schema, required), ...rowsOf(key, schema)])}`;
}

function rowsOf(path: string, schema: JsonSchema): Row[] {
  const items = schema.type === 'array' ? (schema.items as JsonSchema) : undefined;
  if (items) return rowsOf(`${path}[]`, items);
  const variants = alternativesOf(schema);
  if (variants) return variants.flatMap((variant) => rowsOf(path, variant));
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  // A map of named entries (instances.variables): the shape of one entry, under a placeholder key.
  const entry = schema.type === 'object' ? schema.additionalProperties : undefined;
  if (!properties && typeof entry === 'object' && entry !== null)
    return rowsOf(`${path}.NAME`, entry as JsonSchema);
  if (!properties) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([key, value]) => {
    const child = `${path}.${key}`;
    return [row(child, value, required.has(key)), ...rowsOf(child, value)];
  });
}

// A branch that only requires a key states "exactly one of these keys", not another shape.
function alternativesOf(schema: JsonSchema): JsonSchema[] | undefined {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  const shapes = branches?.filter((branch) => Object.keys(branch).some((key) => key !== 'required'));
  return shapes && shapes.length > 0 ? shapes : undefined;
}

function row(key: string, schema: JsonSchema, required: boolean): Row {
  const fallback =
    schema.default === undefined ? (required ? 'required' : '') : `\`${JSON.stringify(schema.default)}\``;
  return { key, type: typeOf(schema), required, fallback, description: describe(schema) };
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const variants = alternativesOf(schema);
  if (variants) return variants.map(typeOf).join(' \\| ');
  if (schema.pattern === DURATION_PATTERN) return 'duration';
  if (schema.type === 'array') return `list of ${typeOf((schema.items as JsonSchema) ?? {})}`;
  if (schema.type === 'object')
    return schema.properties ? 'map' : `map of ${typeOf((schema.additionalProperties as JsonSchema) ?? {})}`;
  if (schema.type === 'integer') return 'integer' + bounds(schema);
  if (schema.type === 'number') return 'number' + bounds(schema);
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function bounds(schema: JsonSchema): string {
  const min =
    schema.minimum ??
    (schema.exclusiveMinimum === undefined ? undefined : `>${String(schema.exclusiveMinimum)}`);
  const max =
    typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER
      ? schema.maximum
      : undefined;
  if (min === undefined && max === undefined) return '';
  return ` (${min ?? ''}..${max ?? ''})`;
}

function describe(schema: JsonSchema): string {
  return typeof schema.description === 'string' ? schema.description.replace(/\|/g, '\\|') : '';
}

function table(rows: Row[]): string {
  const lines = rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.fallback} | ${r.description} |`);
  return ['| key | type | default | description |', '|---|---|---|---|', ...lines].join('\n') + '\n';
}
