import { describe, expect, it } from 'vitest';
import { parseLease, serialiseLease } from '../../../src/lib/state/lease-body.js';
import { ciRunUrl, describeLease, type LeaseTerms } from '../../../src/lib/state/lease-holder.js';

const terms: LeaseTerms = {
  holder: {
    arn: 'arn:aws:iam::123456789012:user/alice',
    host: 'ci-runner-7',
    pid: 4242,
    command: 'odin deploy',
    releaseId: 'r20260101-000000-abcd',
    message: 'fix checkout',
    ciRunUrl: 'https://github.com/acme/checkout/actions/runs/99',
  },
  token: 'abc',
  acquiredAt: Date.UTC(2026, 0, 1, 12, 0, 0),
  renewedAt: Date.UTC(2026, 0, 1, 12, 1, 0),
  expiresAt: Date.UTC(2026, 0, 1, 12, 3, 0),
  ttlMs: 120_000,
};

describe('ciRunUrl', () => {
  it('builds the GitHub Actions run URL from its variables', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/checkout',
      GITHUB_RUN_ID: '99',
    };
    expect(ciRunUrl(env)).toBe('https://github.com/acme/checkout/actions/runs/99');
  });

  it('uses the GitLab job URL and the Buildkite build URL', () => {
    expect(ciRunUrl({ GITLAB_CI: 'true', CI_JOB_URL: 'https://gitlab.example/j/1' })).toBe(
      'https://gitlab.example/j/1',
    );
    expect(ciRunUrl({ BUILDKITE: 'true', BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/b/5' })).toBe(
      'https://buildkite.com/acme/b/5',
    );
  });

  it('falls back to a generic CI_RUN_URL, and is undefined outside CI', () => {
    expect(ciRunUrl({ CI: 'true', CI_RUN_URL: 'https://ci.example/run/3' })).toBe('https://ci.example/run/3');
    expect(ciRunUrl({})).toBeUndefined();
  });
});

describe('describeLease', () => {
  it('names who, where, what, since when, when it expires and the CI run', () => {
    const text = describeLease(terms, Date.UTC(2026, 0, 1, 12, 1, 40));
    expect(text).toContain('arn:aws:iam::123456789012:user/alice on host ci-runner-7 (pid 4242)');
    expect(text).toContain('`odin deploy` for release r20260101-000000-abcd');
    expect(text).toContain('since 2026-01-01T12:00:00.000Z (1m 40s ago)');
    expect(text).toContain('expires in 1m 20s');
    expect(text).toContain('CI run https://github.com/acme/checkout/actions/runs/99');
  });

  it('says how long ago an expired lease expired', () => {
    expect(describeLease(terms, Date.UTC(2026, 0, 1, 12, 8, 0))).toContain('expired 5m ago');
  });
});

describe('lease body', () => {
  it('reads back exactly what it wrote', () => {
    expect(parseLease(serialiseLease(terms))).toEqual(terms);
  });

  it('stores times as ISO strings a person can read', () => {
    expect(JSON.parse(serialiseLease(terms)).expiresAt).toBe('2026-01-01T12:03:00.000Z');
  });

  it.each(['', 'not json', '[]', '{"format":1}', '{"format":2,"holder":{}}'])('rejects %j', (body) => {
    expect(parseLease(body)).toBeUndefined();
  });
});
