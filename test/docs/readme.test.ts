import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeDescriptions } from '../../src/lib/errors/exit-codes.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every exit code with the same meaning as odin --help', () => {
    const rows = [...readme.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(exitCodeDescriptions.map(([code, text]) => [code, text]));
  });

  it('starts with the install-and-deploy command and the test command that .ci/run uses', () => {
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock.split('\n').map((line) => line.replace(/#.*/, '').trim());
    expect(commands[0]).toBe('npm ci && npm run demo');
    expect(commands[1]).toBe('npm test');
    expect(ci.trim().split('\n').slice(-2)).toEqual(['npm ci', 'npm test']);
  });
});
