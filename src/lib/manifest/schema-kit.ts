/**
 * Small helpers around zod that let the manifest schema carry what error messages need: a hint
 * per field, and which fields are durations (so a bare `90` gets "write 90s, not 90").
 */
import * as z from 'zod';
import { stringify } from 'yaml';
import { tryParseDuration } from './duration.js';

// odin checks a manifest a few times per process: compiling zod's fast paths with `new Function`
// costs more at start-up than it saves on so few parses.
z.config({ jitless: true });

const hints = new WeakMap<z.ZodType, string>();
const durations = new WeakSet<z.ZodType>();

/** Attaches a hint shown with any issue on this field that has no more specific hint. */
export function hinted<T extends z.ZodType>(schema: T, hint: string): T {
  hints.set(schema, hint);
  return schema;
}

/** A duration written as `90s`, `10m`, `1h30m`; parsed to milliseconds. */
export function duration(description: string) {
  const text = z.string().describe(description);
  durations.add(text);
  return text.transform((value, ctx) => {
    const result = tryParseDuration(value);
    if (result.ok) return result.ms;
    ctx.addIssue({ code: 'custom', message: result.message, params: { hint: result.hint } });
    return z.NEVER;
  });
}

type AnyDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
};

function defOf(schema: z.ZodType): AnyDef {
  return schema._zod.def as unknown as AnyDef;
}

/** Every schema that wraps the given one (optional, default, pipe), outermost first. */
export function layersOf(schema: z.ZodType): z.ZodType[] {
  const layers = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return layers;
    layers.push(next);
    current = next;
  }
}

function core(schema: z.ZodType): z.ZodType {
  return layersOf(schema).at(-1) ?? schema;
}

function pickUnionOptions(def: AnyDef, raw: unknown): z.ZodType[] {
  const options = def.options ?? [];
  if (!def.discriminator || !isRecord(raw)) return options;
  const wanted = raw[def.discriminator];
  const matching = options.filter((option) => {
    const field = defOf(core(option)).shape?.[def.discriminator ?? ''];
    return field !== undefined && field.safeParse(wanted).success;
  });
  return matching.length > 0 ? matching : options;
}

/** The schemas that describe the value at `path` (several when a union leaves it open). */
export function schemasAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>, raw: unknown): z.ZodType[] {
  let current: z.ZodType[] = [root];
  let value = raw;
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const schema of current.flatMap((s) => expandUnions(s, value))) {
      const def = defOf(core(schema));
      if (def.type === 'object' && def.shape && typeof segment === 'string' && def.shape[segment]) {
        next.push(def.shape[segment]);
      } else if (def.type === 'array' && def.element) next.push(def.element);
      else if (def.type === 'record' && def.valueType) next.push(def.valueType);
    }
    current = next;
    value =
      isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return current.flatMap((s) => expandUnions(s, value));
}

function expandUnions(schema: z.ZodType, raw: unknown): z.ZodType[] {
  const inner = core(schema);
  const def = defOf(inner);
  if (def.type !== 'union') return [schema];
  return pickUnionOptions(def, raw).flatMap((option) => expandUnions(option, raw));
}

/** The keys an object schema at this place accepts (for "did you mean" suggestions). */
export function knownKeys(schemas: z.ZodType[]): string[] {
  const keys = new Set<string>();
  for (const schema of schemas) for (const key of Object.keys(defOf(core(schema)).shape ?? {})) keys.add(key);
  return [...keys];
}

/** The hint registered on any layer of these schemas. */
export function hintOf(schemas: z.ZodType[]): string | undefined {
  for (const schema of schemas)
    for (const layer of layersOf(schema)) if (hints.has(layer)) return hints.get(layer);
  return undefined;
}

/** The hint registered on the key schema of a map (`z.record`) among these schemas. */
export function keyHintOf(schemas: z.ZodType[]): string | undefined {
  const keys = schemas.flatMap((schema) => {
    const keyType = (defOf(core(schema)) as { keyType?: z.ZodType }).keyType;
    return keyType ? [keyType] : [];
  });
  return hintOf(keys);
}

/** Whether the field is a duration. */
export function isDurationField(schemas: z.ZodType[]): boolean {
  return schemas.some((schema) => layersOf(schema).some((layer) => durations.has(layer)));
}

/** The description given with `.describe()` on any layer of these schemas. */
export function descriptionOf(schemas: z.ZodType[]): string | undefined {
  for (const schema of schemas) {
    for (const layer of layersOf(schema)) {
      const description = z.globalRegistry.get(layer)?.description;
      if (description) return description;
    }
  }
  return undefined;
}

/** The first example given with `.meta({ examples })` on any layer of these schemas. */
export function exampleOf(schemas: z.ZodType[]): unknown {
  for (const schema of schemas) {
    for (const layer of layersOf(schema)) {
      const examples = z.globalRegistry.get(layer)?.examples;
      if (Array.isArray(examples) && examples.length > 0) return examples[0] as unknown;
    }
  }
  return undefined;
}

/** A value written as one line of YAML: `{ min: 2, max: 6 }`, `[web]`, `"123456789012"`. */
export function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (isRecord(value))
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${flowYaml(item)}`)
      .join(', ')} }`;
  return stringify(value).trim();
}

/** A plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
