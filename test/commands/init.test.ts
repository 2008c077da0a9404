import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';
import { HEAVY_PACKAGES, staticPackages } from './startup-imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function projectDir(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'odin-init-')), name);
  mkdirSync(dir);
  return dir;
}

describe('odin init', () => {
  it('writes a starter odin.yml named after the directory, which validates', async () => {
    const cwd = projectDir('Payments_API');
    const init = await runOdin(['init'], { cwd });
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('Wrote odin.yml for service payments-api.');
    expect(readFileSync(join(cwd, 'odin.yml'), 'utf8')).toMatch(/^service: payments-api /m);
    const validate = await runOdin(['validate'], { cwd });
    expect(validate.exitCode).toBe(0);
  });

  it('uses --service and -f', async () => {
    const cwd = projectDir('x');
    const { stdout, exitCode } = await runOdin(
      ['init', '--service', 'checkout', '-f', 'deploy.yml', '--json'],
      { cwd },
    );
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ file: join(cwd, 'deploy.yml'), service: 'checkout' });
    expect(readFileSync(join(cwd, 'deploy.yml'), 'utf8')).toContain('service: checkout');
  });

  it('creates the folder -f names, as its own --help example does', async () => {
    const cwd = projectDir('y');
    const init = await runOdin(['init', '--service', 'checkout', '-f', 'deploy/odin.yml'], { cwd });

    expect(init.exitCode, init.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'deploy', 'odin.yml'), 'utf8')).toContain('service: checkout');
  });

  it('exits 2 with a hint when -f names a directory', async () => {
    const cwd = projectDir('z');
    mkdirSync(join(cwd, 'deploy'));
    const init = await runOdin(['init', '-f', 'deploy', '--force'], { cwd });

    expect(init.exitCode).toBe(2);
    expect(init.stderr).toContain('Error: cannot write deploy: it is a directory');
    expect(init.stderr).toMatch(/^Hint: -f must name a file/m);
  });

  it('refuses to overwrite an existing manifest without --force, exiting 2', async () => {
    const cwd = projectDir('svc');
    writeFileSync(join(cwd, 'odin.yml'), 'service: mine\n');
    const { stderr, exitCode } = await runOdin(['init'], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toContain('odin.yml already exists');
    expect(stderr).toContain('--force');
    expect(readFileSync(join(cwd, 'odin.yml'), 'utf8')).toBe('service: mine\n');
  });

  it('overwrites with --force', async () => {
    const cwd = projectDir('svc');
    writeFileSync(join(cwd, 'odin.yml'), 'service: mine\n');
    const { exitCode } = await runOdin(['init', '--force'], { cwd });
    expect(exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'odin.yml'), 'utf8')).toContain('service: svc');
  });

  it('refuses a service name odin cannot use in fleet names', async () => {
    const cwd = projectDir('svc');
    const { stderr, exitCode } = await runOdin(['init', '--service', 'Check Out'], { cwd });
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--service check-out');
  });

  it('loads neither the AWS SDK nor the terminal UI libraries at start-up', () => {
    const packages = [...staticPackages(`${root}src/commands/init.ts`)];
    expect(packages.filter((name) => HEAVY_PACKAGES.test(name))).toEqual([]);
  });
});
