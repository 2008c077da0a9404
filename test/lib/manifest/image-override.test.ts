import { describe, expect, it } from 'vitest';
import { InvalidFlagError } from '../../../src/lib/errors/index.js';
import {
  applyImageOverride,
  describeImage,
  parseImageOverride,
} from '../../../src/lib/manifest/image-override.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import { BASE, writeManifest } from './manifest-text.js';

describe('image override', () => {
  it('accepts an AMI id, an SSM path and a name pattern', () => {
    expect(parseImageOverride('ami-0123456789abcdef0')).toEqual({ id: 'ami-0123456789abcdef0' });
    expect(parseImageOverride('ssm:/checkout/ami')).toEqual({ ssm: '/checkout/ami' });
    expect(parseImageOverride('name:demo-app-v2*')).toEqual({ lookup: { name: 'demo-app-v2*' } });
  });

  it("keeps the manifest's lookup owner for a name pattern", async () => {
    const manifest = await loadManifest(writeManifest(BASE.replace('owner: self', 'owner: "210987654321"')));
    expect(applyImageOverride(manifest, 'name:demo-app-v2').image).toEqual({
      lookup: { name: 'demo-app-v2', owner: '210987654321' },
    });
  });

  it('leaves the manifest it was given unchanged', async () => {
    const manifest = await loadManifest(writeManifest(BASE));
    const overridden = applyImageOverride(manifest, 'ami-0123456789abcdef0');
    expect(overridden.image).toEqual({ id: 'ami-0123456789abcdef0' });
    expect(manifest.image).toEqual({ lookup: { name: 'demo-app-*', owner: 'self' } });
  });

  it.each(['latest', 'ami-xyz', 'ssm:relative/path', 'name:'])(
    'refuses %s with the accepted forms as hint',
    (value) => {
      const error = (() => {
        try {
          return parseImageOverride(value);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidFlagError);
      expect((error as InvalidFlagError).hint).toMatch(/ssm:\//);
    },
  );

  it('describes each kind of source in a few words', () => {
    expect(describeImage({ lookup: { tags: { app: 'demo', stage: 'green' } } })).toBe(
      'newest tagged app=demo, stage=green owned by self',
    );
    expect(describeImage({ ssm: '/a/b' })).toBe('ssm:/a/b');
  });
});
