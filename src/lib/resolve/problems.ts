import { AwsCallError, ResourceNotFoundError } from '../errors/errors.js';

/** One manifest reference that does not resolve in AWS. */
export interface ResolveProblem {
  /** The kind of resource: "subnet", "image", "target group", ... */
  what: string;
  /** Key path in the manifest, e.g. `instances.subnets[2]`. */
  where: string;
  /** What is wrong: "no subnet with id or Name tag `private-c` in us-east-1". */
  message: string;
  /** What to do about this one reference. */
  hint: string;
}

/** Collects every problem found while resolving, so the user sees them all at once. */
export class ProblemList {
  readonly items: ResolveProblem[] = [];

  add(problem: ResolveProblem): void {
    this.items.push(problem);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}

/** One ResourceNotFoundError (exit 2) listing every problem, in manifest order. */
export function resolveError(
  problems: ResolveProblem[],
  context: { file: string; region: string; simulated?: boolean },
): ResourceNotFoundError {
  const sorted = [...problems].sort((a, b) => compareKeyPaths(a.where, b.where));
  const [first] = sorted;
  const seed = context.simulated
    ? ' On the local cloud, `odin simulator seed` creates the examples\u2019 resources.'
    : '';
  if (sorted.length === 1 && first) {
    return new ResourceNotFoundError(`${first.where}: ${first.message}`, {
      hint: `${first.hint}${seed}`,
      details: { problems: sorted },
    });
  }
  const lines = sorted.map((p) => `  - ${p.where}: ${p.message}`);
  return new ResourceNotFoundError(
    `${sorted.length} references in ${context.file} do not resolve in ${context.region}:\n${lines.join('\n')}`,
    {
      hint: `Fix these keys or create the missing resources, then run \`odin plan\`.${seed}`,
      details: { problems: sorted },
    },
  );
}

/** True for AWS's "no such id" answers (InvalidSubnetID.NotFound, InvalidAMIID.Malformed, ...). */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof AwsCallError && /NotFound|Malformed|NoSuch/i.test(error.awsCode);
}

// Keys in the order manifests are written (and the schema lists them), so the list reads like the file.
const KEY_ORDER = [
  'image',
  'instances.types',
  'instances.profile',
  'instances.securityGroups',
  'instances.subnets',
  'instances.keyPair',
  'instances.variables',
  'health',
  'traffic.listener',
  'traffic.rule',
  'traffic.zone',
  'traffic.record',
  'traffic.targetGroups',
  'traffic.slots',
  'traffic.alarms',
  'state',
];

// By key, then `instances.subnets[10]` after `instances.subnets[2]`.
function compareKeyPaths(a: string, b: string): number {
  const rank = (path: string) => {
    const index = KEY_ORDER.findIndex(
      (key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`),
    );
    return index === -1 ? KEY_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}
