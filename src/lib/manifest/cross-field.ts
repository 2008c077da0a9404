/**
 * Rules that span several keys. They read the raw (merged) manifest defensively so they can run
 * alongside the schema and every problem is reported in one pass.
 */
import { isRecord } from './schema-kit.js';
import type { PathIssue } from './zod-issues.js';

type Raw = Record<string, unknown>;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const section = (raw: Raw, key: string): Raw | undefined => (isRecord(raw[key]) ? raw[key] : undefined);
const present = (map: Raw, keys: string[]) => keys.filter((key) => map[key] !== undefined);

/** A map that must set exactly one of several keys (json-schema-rules.ts publishes these too). */
export interface ExactlyOneRule {
  path: string[];
  keys: string[];
  example: string;
}

/** The maps whose keys are alternatives. */
export const EXACTLY_ONE: readonly ExactlyOneRule[] = [
  {
    path: ['image'],
    keys: ['id', 'lookup', 'ssm'],
    example: 'image: {lookup: {name: "app-*", owner: self}}',
  },
  { path: ['image', 'lookup'], keys: ['name', 'tags'], example: 'lookup: {name: "app-*"}' },
  { path: ['instances'], keys: ['type', 'types'], example: 'type: t3.small' },
];

/** The weighted strategy weights either a listener's default action or one rule. */
export const WEIGHTED_TARGETS = ['listener', 'rule'];

/** Each scaling entry is one policy of one of these kinds; `metric` also needs `target`. */
export const SCALING_KINDS = ['cpu', 'requestsPerTarget', 'metric'];

/** Every cross-field rule broken by this manifest. */
export function crossFieldIssues(raw: Raw): PathIssue[] {
  return [
    ...EXACTLY_ONE.flatMap((rule) => exactlyOne(raw, rule)),
    ...capacityIssues(raw),
    ...trafficIssues(raw),
    ...scalingIssues(raw),
  ];
}

function exactlyOne(raw: Raw, { path, keys, example }: ExactlyOneRule): PathIssue[] {
  let map: unknown = raw;
  for (const segment of path) map = isRecord(map) ? map[segment] : undefined;
  if (!isRecord(map)) return [];
  const given = present(map, keys);
  const choices = keys.map((key) => `\`${key}\``).join(', ');
  if (given.length === 0)
    return [{ path, message: `needs one of ${choices}`, hint: `for example ${example}`, at: 'key' }];
  return given.slice(1).map((key) => ({
    path: [...path, key],
    message: `\`${given[0]}\` and \`${key}\` are both set; write only one of ${choices}`,
    hint: `remove \`${key}\` or \`${given[0]}\``,
    at: 'key' as const,
  }));
}

function capacityIssues(raw: Raw): PathIssue[] {
  const capacity = section(raw, 'capacity');
  if (!capacity) return [];
  const [min, max] = [num(capacity.min), num(capacity.max)];
  const desired = num(capacity.desired) ?? min;
  const issues: PathIssue[] = [];
  if (min !== undefined && max !== undefined && min > max) {
    issues.push({
      path: ['capacity', 'min'],
      message: `min (${min}) is greater than max (${max})`,
      hint: 'keep min ≤ desired ≤ max',
    });
  } else if (desired !== undefined && capacity.desired !== undefined) {
    if (min !== undefined && desired < min) {
      issues.push({
        path: ['capacity', 'desired'],
        message: `desired (${desired}) is below min (${min})`,
        hint: 'keep min ≤ desired ≤ max',
      });
    } else if (max !== undefined && desired > max) {
      issues.push({
        path: ['capacity', 'desired'],
        message: `desired (${desired}) is above max (${max})`,
        hint: 'keep min ≤ desired ≤ max',
      });
    }
  }
  if (desired === 0) {
    issues.push({
      path: ['capacity', capacity.desired === undefined ? 'min' : 'desired'],
      message: 'a deploy needs at least 1 instance',
      hint: 'set capacity.desired to 1 or more',
    });
  }
  const floor = num(section(raw, 'health')?.floor);
  if (floor !== undefined && desired !== undefined && floor > desired) {
    issues.push({
      path: ['health', 'floor'],
      message: `floor (${floor}) is above desired capacity (${desired})`,
      hint: 'the floor must be reachable: keep floor ≤ capacity.desired',
    });
  }
  return issues;
}

function trafficIssues(raw: Raw): PathIssue[] {
  const traffic = section(raw, 'traffic');
  if (!traffic) return [];
  const issues: PathIssue[] = [];
  if (traffic.strategy === 'target-group') {
    const groups = section(raw, 'health')?.targetGroups;
    if (!Array.isArray(groups) || groups.length === 0) {
      issues.push({
        path: ['traffic', 'strategy'],
        message: 'the target-group strategy needs health.targetGroups',
        hint: 'list the target groups under health.targetGroups: [my-service-web]',
      });
    }
  }
  if (traffic.strategy === 'weighted') {
    const given = present(traffic, WEIGHTED_TARGETS);
    if (given.length === 0)
      issues.push({
        path: ['traffic'],
        message: 'the weighted strategy needs `listener` or `rule`',
        hint: 'add listener: <listener ARN> (or rule: <rule ARN>)',
        at: 'key',
      });
    if (given.length === 2)
      issues.push({
        path: ['traffic', 'rule'],
        message: '`listener` and `rule` are both set; write only one',
        hint: 'keep rule to weight one rule, or listener to weight its default action',
        at: 'key',
      });
    issues.push(...samePair(traffic.targetGroups, ['traffic', 'targetGroups']));
  }
  if (traffic.strategy === 'weighted' || traffic.strategy === 'dns')
    issues.push(...stepIssues(traffic.steps));
  return issues;
}

function samePair(pair: unknown, path: string[]): PathIssue[] {
  if (!isRecord(pair) || pair.blue === undefined || pair.blue !== pair.green) return [];
  return [
    {
      path: [...path, 'green'],
      message: 'blue and green are the same target group',
      hint: 'use two target groups so the old fleet keeps serving while the new one warms up',
    },
  ];
}

function stepIssues(steps: unknown): PathIssue[] {
  if (!Array.isArray(steps) || steps.length === 0) return [];
  const issues: PathIssue[] = [];
  let previous = 0;
  steps.forEach((step, index) => {
    const weight = isRecord(step) ? num(step.weight) : undefined;
    if (weight === undefined) return;
    if (weight <= previous) {
      issues.push({
        path: ['traffic', 'steps', index, 'weight'],
        message: `weight ${weight} does not rise above the previous step's ${previous}`,
        hint: 'weights must increase strictly, e.g. 10, 50, 100',
      });
    }
    previous = Math.max(previous, weight);
  });
  const last = steps.length - 1;
  const lastStep: unknown = steps[last];
  if (!isRecord(lastStep) || lastStep.weight !== 100) {
    const lastWeight = isRecord(lastStep) ? num(lastStep.weight) : undefined;
    if (lastStep === 'pause' || lastWeight !== undefined) {
      issues.push({
        path: ['traffic', 'steps', last],
        message: 'the last step must send all traffic (weight 100)',
        hint: 'end the steps with {weight: 100}',
      });
    }
  }
  return issues;
}

function scalingIssues(raw: Raw): PathIssue[] {
  if (!Array.isArray(raw.scaling)) return [];
  return raw.scaling.flatMap((policy: unknown, index) => {
    if (!isRecord(policy)) return [];
    const path = ['scaling', index];
    const kinds = present(policy, SCALING_KINDS);
    const issues: PathIssue[] = [];
    if (kinds.length === 0)
      issues.push({
        path,
        message: 'needs one of `cpu`, `requestsPerTarget`, `metric`',
        hint: 'for example - cpu: 50',
      });
    for (const extra of kinds.slice(1)) {
      issues.push({
        path: [...path, extra],
        message: `\`${kinds[0]}\` and \`${extra}\` are both set; write one policy per list entry`,
        hint: 'split them into two entries under scaling',
        at: 'key',
      });
    }
    if (policy.metric !== undefined && policy.target === undefined)
      issues.push({
        path: [...path, 'target'],
        message: 'a metric policy needs `target`',
        hint: 'add target: <value of the metric to hold>',
      });
    if (policy.metric === undefined && policy.target !== undefined)
      issues.push({
        path: [...path, 'target'],
        message: '`target` belongs to a metric policy',
        hint: 'for cpu and requestsPerTarget the number is the target: - cpu: 50',
        at: 'key',
      });
    return issues;
  });
}
