import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest, resolveManifestText } from '../../../src/lib/manifest/load-manifest.js';
import { starterManifest, toServiceName } from '../../../src/lib/manifest/starter-manifest.js';
import { summarizeManifest } from '../../../src/lib/manifest/summarize-manifest.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

describe('summarizeManifest', () => {
  it('describes the weighted example with its steps, alarms and user-data size only', async () => {
    const manifest = await loadManifest(`${examples}weighted.odin.yml`, { env: 'production' });
    const lines = Object.fromEntries(summarizeManifest(manifest, 123).map((l) => [l.label, l.value]));
    expect(lines.environment).toBe('production (production)');
    expect(lines.traffic).toBe(
      'weighted (listener, demo-blue/demo-green): 5% (bake 5m) → pause → 25% (bake 10m) → 50% (bake 10m) → 100%; alarms demo-5xx',
    );
    expect(lines.capacity).toBe('min 4, desired 4, max 12');
    expect(lines.userData).toBe('./user-data.sh (123 bytes)');
  });

  it('describes the dns example with its record, ttl and settle time', async () => {
    const manifest = await loadManifest(`${examples}dns.odin.yml`);
    const traffic = summarizeManifest(manifest).find((l) => l.label === 'traffic')?.value;
    expect(traffic).toBe(
      'dns app.demo.example.com in demo.example.com (ttl 1m + settle 30s): 20% (bake 5m) → 100%; alarms demo-5xx',
    );
  });
});

describe('starter manifest', () => {
  it('validates as written, with a production environment', () => {
    const { manifests, issues } = resolveManifestText(starterManifest('checkout'), '/tmp/odin.yml');
    expect(issues).toEqual([]);
    expect(manifests.map((m) => [m.environment, m.production, m.service])).toEqual([
      ['default', false, 'checkout'],
      ['production', true, 'checkout'],
    ]);
  });

  it('derives a valid service name from a directory name', () => {
    expect(toServiceName('My_Checkout Service')).toBe('my-checkout-service');
    expect(toServiceName('---')).toBe('my-service');
    expect(toServiceName('a'.repeat(40))).toHaveLength(32);
  });
});
