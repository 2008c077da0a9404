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

// The sections in the order a manifest is usually written, so the list reads like the file.
const SECTION_ORDER = ['image', 'instances', 'health', 'traffic', 'state'];

// Sorts by section, then `instances.subnets[10]` after `instances.subnets[2]`.
function compareKeyPaths(a: string, b: string): number {
  const rank = (path: string) => {
    const index = SECTION_ORDER.indexOf(path.split(/[.[]/)[0] ?? '');
    return index === -1 ? SECTION_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}
