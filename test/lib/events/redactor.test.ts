import { describe, expect, it } from 'vitest';
import type { OdinEvent } from '../../../src/lib/events/event.js';
import { Redactor } from '../../../src/lib/events/redactor.js';
import { AwsCallError } from '../../../src/lib/errors/index.js';

const SECRET = 'p@ss"word-0123456789';

function redactor(): Redactor {
  const r = new Redactor();
  r.add('DB_PASSWORD', SECRET);
  return r;
}

describe('Redactor', () => {
  it('replaces a secret plain, JSON-escaped and inside base64 at every alignment', () => {
    const r = redactor();
    expect(r.redact(`password is ${SECRET}.`)).toBe('password is [secret DB_PASSWORD].');
    expect(r.redact(JSON.stringify({ m: SECRET }))).toBe('{"m":"[secret DB_PASSWORD]"}');
    for (const offset of [0, 1, 2, 7]) {
      const encoded = Buffer.from(`${'x'.repeat(offset)}${SECRET}tail`).toString('base64');
      expect(r.redact(encoded)).toContain('[secret DB_PASSWORD]');
    }
  });

  it('redacts every string of an event on its way to the sink', () => {
    const seen: OdinEvent[] = [];
    const sink = redactor().wrap((event) => seen.push(event));
    sink({ type: 'log', level: 'debug', message: `got ${SECRET}`, data: { echo: [SECRET] }, at: 1 });
    expect(JSON.stringify(seen)).not.toContain('word-0123');
    expect(seen[0]).toMatchObject({
      message: 'got [secret DB_PASSWORD]',
      data: { echo: ['[secret DB_PASSWORD]'] },
    });
  });

  it('redacts an error in place down its cause chain, keeping its class and exit code', () => {
    const cause = new Error(`Value ${SECRET} is invalid`);
    const error = new AwsCallError('ec2', 'CreateLaunchTemplate', 'ValidationError', cause.message, {
      cause,
    });
    const redacted = redactor().redactError(error);
    expect(redacted).toBe(error);
    expect(redacted).toBeInstanceOf(AwsCallError);
    expect(redacted.exitCode).toBe(error.exitCode);
    expect(`${error.message}${error.stack}${cause.message}${cause.stack}`).not.toContain(SECRET);
  });

  it('leaves text alone when no secret is registered, and ignores empty values', () => {
    const r = new Redactor();
    r.add('EMPTY', '');
    expect(r.empty).toBe(true);
    expect(r.redact('nothing to hide')).toBe('nothing to hide');
  });
});
