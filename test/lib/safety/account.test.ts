import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/deploy.js';
import { AccountMismatchError } from '../../../src/lib/errors/errors.js';
import { ExitCode } from '../../../src/lib/errors/exit-codes.js';
import { tempWorkspace } from '../../helpers/temp-workspace.js';
import { deployFixture } from '../deploy/support.js';

const OTHER_ACCOUNT = '999999999999';

/** The world as odin could have changed it: everything but the clock. */
function worldWithoutTime(snapshot: Record<string, unknown>): string {
  const { nowMs: _nowMs, now: _now, ...rest } = snapshot;
  return JSON.stringify(rest);
}

describe('a deploy under credentials of another account', () => {
  it('is refused with the account-mismatch error before anything in AWS changes', async () => {
    const fixture = await deployFixture();
    const before = worldWithoutTime(fixture.cloud.snapshot() as unknown as Record<string, unknown>);
    const manifest = { ...fixture.manifest, account: OTHER_ACCOUNT };

    const failure = await deploy(fixture.ctx(), fixture.request({ manifest })).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AccountMismatchError);
    expect((failure as AccountMismatchError).exitCode).toBe(ExitCode.AccountMismatch);
    expect((failure as Error).message).toContain(OTHER_ACCOUNT);
    expect((failure as Error).message).toContain('123456789012');
    expect(worldWithoutTime(fixture.cloud.snapshot() as unknown as Record<string, unknown>)).toBe(before);
  });

  it('exits 7 from the binary, naming both accounts, and leaves no fleet, template or lease', async () => {
    let file = '';
    const { run: odin } = await tempWorkspace({
      example: 'all',
      env: { ODIN_SIMULATOR_SPEED: '100' },
      prepare: (dir) => {
        file = join(dir, 'target-group.odin.yml');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/account: .*/, `account: '${OTHER_ACCOUNT}'`));
      },
    });
    const before = JSON.parse((await odin(['simulator', 'show', '--json'])).stdout);

    const run = await odin(['deploy', '-f', file, '--simulate', '--yes']);

    expect(run.exitCode).toBe(7);
    expect(run.stderr).toContain(OTHER_ACCOUNT);
    expect(run.stderr).toContain('123456789012');
    const after = JSON.parse((await odin(['simulator', 'show', '--json'])).stdout);
    expect(worldWithoutTime(after)).toBe(worldWithoutTime(before));
  }, 60_000);
});
