import { unlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/lib/errors/index.js';
import { loadManifest } from '../../../src/lib/manifest/load-manifest.js';
import { renderUserData, userDataSize } from '../../../src/lib/manifest/user-data.js';
import { BASE, writeManifest } from './manifest-text.js';

const SCRIPT =
  '#!/bin/sh\necho "${ODIN_SERVICE} ${ODIN_RELEASE} ${ODIN_ENVIRONMENT} ${ODIN_IMAGE}" > /etc/release\necho "$HOME $${HOME} ${dir}"\n';
const withUserData = BASE.replace('  subnets:', '  userData: ./boot.sh\n  subnets:');

describe('renderUserData', () => {
  it('substitutes the release variables and leaves shell variables alone', async () => {
    const manifest = await loadManifest(writeManifest(withUserData, { 'boot.sh': SCRIPT }));
    const text = await renderUserData(manifest, { release: 'r42', image: 'ami-0123456789abcdef0' });
    expect(text).toBe(
      '#!/bin/sh\necho "checkout r42 default ami-0123456789abcdef0" > /etc/release\necho "$HOME ${HOME} ${dir}"\n',
    );
  });

  it('returns an empty script when the manifest has no user data', async () => {
    const manifest = await loadManifest(writeManifest(BASE));
    expect(await renderUserData(manifest, { release: 'r1', image: 'ami-0123456789abcdef0' })).toBe('');
  });

  it('reports a user-data file that disappeared after loading at instances.userData', async () => {
    const file = writeManifest(withUserData, { 'boot.sh': SCRIPT });
    const manifest = await loadManifest(file);
    unlinkSync(file.replace('odin.yml', 'boot.sh'));
    const error = await renderUserData(manifest, { release: 'r1', image: 'ami-0123456789abcdef0' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues[0]).toMatchObject({
      path: 'instances.userData',
      line: 11,
      column: 13,
    });
  });

  it('measures the file without reading it into output', async () => {
    const manifest = await loadManifest(writeManifest(withUserData, { 'boot.sh': SCRIPT }));
    expect(await userDataSize(manifest)).toBe(Buffer.byteLength(SCRIPT));
  });
});
