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

  it("leaves the shell's own ${HOME} and ${PATH} as written, and refuses a misspelt ODIN_ variable", async () => {
    const script = '#!/bin/sh\ncd "${HOME}" && export PATH="${PATH}:/opt/bin"\necho ${ODIN_RELASE}\n';
    const error = await loadManifest(writeManifest(withUserData, { 'boot.sh': script })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ManifestError);
    const issues = (error as ManifestError).issues;
    expect(issues.map((i) => i.message)).toEqual([
      'boot.sh line 3 uses ${ODIN_RELASE}, which is neither an ODIN_ variable nor in instances.variables',
    ]);
    expect(issues[0]?.hint).toMatch(/^did you mean \$\{ODIN_RELEASE\}\?/);

    const fixed = script.replace('ODIN_RELASE', 'ODIN_RELEASE');
    const manifest = await loadManifest(writeManifest(withUserData, { 'boot.sh': fixed }));
    const text = await renderUserData(manifest, { release: 'r7', image: 'ami-0123456789abcdef0' });
    expect(text).toBe('#!/bin/sh\ncd "${HOME}" && export PATH="${PATH}:/opt/bin"\necho r7\n');
  });
});
