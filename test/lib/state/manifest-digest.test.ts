import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/lib/manifest/types.js';
import { manifestDigest } from '../../../src/lib/state/manifest-digest.js';

const manifest = {
  file: '/home/alice/checkout/odin.yml',
  service: 'checkout',
  environment: 'production',
  capacity: { min: 2, max: 6, desired: 2 },
} as unknown as Manifest;

describe('manifestDigest', () => {
  it('is a sha256 hex digest', () => {
    expect(manifestDigest(manifest)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores where the file lives and the order of keys', () => {
    const elsewhere = {
      capacity: { desired: 2, max: 6, min: 2 },
      environment: 'production',
      service: 'checkout',
      file: '/runner/work/odin.yml',
    } as unknown as Manifest;
    expect(manifestDigest(elsewhere)).toBe(manifestDigest(manifest));
  });

  it('changes when any deployed setting changes', () => {
    const bigger = { ...manifest, capacity: { min: 2, max: 7, desired: 2 } } as Manifest;
    expect(manifestDigest(bigger)).not.toBe(manifestDigest(manifest));
  });
});
