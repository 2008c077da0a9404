/**
 * The cross-field rules that JSON Schema can state, added to the generated schema so editors and
 * other tools reject what `odin validate` rejects. What it cannot state (min ≤ desired ≤ max,
 * weights rising step by step, blue ≠ green, files next to the manifest) stays in cross-field.ts
 * alone; test/lib/manifest/json-schema.test.ts lists those cases.
 */
import { EXACTLY_ONE, SCALING_KINDS, WEIGHTED_TARGETS } from './cross-field.js';

type JsonSchema = Record<string, unknown>;

/** Adds the expressible cross-field rules to a freshly generated manifest schema (in place). */
export function addCrossFieldRules(schema: JsonSchema): void {
  for (const rule of EXACTLY_ONE) exactlyOneOf(schemaAt(schema, rule.path), rule.keys);
  const branches = (schemaAt(schema, ['traffic'])?.oneOf ?? []) as JsonSchema[];
  exactlyOneOf(branchFor(branches, 'weighted'), WEIGHTED_TARGETS);
  for (const strategy of ['weighted', 'dns'])
    endAtFullWeight(schemaAt(branchFor(branches, strategy), ['steps']));
  const policy = schemaAt(schema, ['scaling'])?.items as JsonSchema | undefined;
  exactlyOneOf(policy, SCALING_KINDS);
  if (policy) policy.dependentRequired = { metric: ['target'], target: ['metric'] };
  schema.allOf = [targetGroupStrategyNeedsTargetGroups()];
}

function schemaAt(schema: JsonSchema | undefined, path: string[]): JsonSchema | undefined {
  let node = schema;
  for (const key of path) node = (node?.properties as Record<string, JsonSchema> | undefined)?.[key];
  return node;
}

function branchFor(branches: JsonSchema[], strategy: string): JsonSchema | undefined {
  return branches.find((branch) => schemaAt(branch, ['strategy'])?.const === strategy);
}

function exactlyOneOf(node: JsonSchema | undefined, keys: readonly string[]): void {
  if (!node) throw new Error('the manifest schema no longer has a map this rule applies to');
  node.oneOf = keys.map((key) => ({ required: [key] }));
}

// Weights rise strictly to at most 100, so "ends at 100" needs a step of 100 somewhere; that it
// is the last one depends on the order, which JSON Schema cannot compare.
function endAtFullWeight(steps: JsonSchema | undefined): void {
  if (!steps) throw new Error('the manifest schema no longer has traffic steps');
  steps.contains = { type: 'object', required: ['weight'], properties: { weight: { const: 100 } } };
}

// traffic defaults to the target-group strategy, so a manifest without traffic needs them too.
function targetGroupStrategyNeedsTargetGroups(): JsonSchema {
  const strategy = { type: 'object', properties: { strategy: { const: 'target-group' } } };
  const health = {
    type: 'object',
    required: ['targetGroups'],
    properties: { targetGroups: { type: 'array', minItems: 1 } },
  };
  return {
    if: {
      anyOf: [
        { not: { required: ['traffic'] } },
        { required: ['traffic'], properties: { traffic: strategy } },
      ],
    },
    then: { required: ['health'], properties: { health } },
  };
}
