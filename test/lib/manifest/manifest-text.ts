import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small valid manifest (target-group strategy, one production overlay) for tests to vary. */
export const BASE = `service: checkout
region: us-east-1
account: "123456789012"
state:
  bucket: odin-state-123456789012
image:
  lookup: { name: "demo-app-*", owner: self }
instances:
  type: t3.small
  securityGroups: [web]
  subnets: [private-a, private-b]
capacity: { min: 2, max: 6 }
health:
  targetGroups: [demo-web]
traffic:
  strategy: target-group
`;

/** Writes files into a fresh temporary directory and returns the path of the first. */
export function writeManifest(text: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'odin-manifest-'));
  const file = join(dir, 'odin.yml');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return file;
}
