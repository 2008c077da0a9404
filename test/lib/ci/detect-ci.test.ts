import { describe, expect, it } from 'vitest';
import { detectCi, runningInCi } from '../../../src/lib/ci/detect-ci.js';

describe('detectCi', () => {
  it('recognises GitHub Actions and links to the run attempt', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'acme/checkout',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_ACTOR: 'mona',
    };
    expect(detectCi(env)).toEqual({
      name: 'github',
      runUrl: 'https://github.example.com/acme/checkout/actions/runs/4242/attempts/2',
      actor: 'mona',
    });
  });

  it('links a first GitHub attempt to the run itself, defaulting to github.com', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/checkout',
      GITHUB_RUN_ID: '7',
      GITHUB_RUN_ATTEMPT: '1',
    };
    expect(detectCi(env).runUrl).toBe('https://github.com/acme/checkout/actions/runs/7');
  });

  it('prefers the triggering actor of a GitHub re-run over the original actor', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'mona', GITHUB_TRIGGERING_ACTOR: 'hubot' };
    expect(detectCi(env)).toEqual({ name: 'github', actor: 'hubot' });
  });

  it('recognises GitLab CI by GITLAB_CI and uses the job URL', () => {
    const env = {
      GITLAB_CI: 'true',
      CI: 'true',
      CI_JOB_URL: 'https://gitlab.example.com/acme/checkout/-/jobs/9',
      GITLAB_USER_LOGIN: 'ops',
    };
    expect(detectCi(env)).toEqual({
      name: 'gitlab',
      runUrl: 'https://gitlab.example.com/acme/checkout/-/jobs/9',
      actor: 'ops',
    });
  });

  it('recognises Buildkite and points at the job within the build', () => {
    const env = {
      BUILDKITE: 'true',
      CI: 'true',
      BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/checkout/builds/12',
      BUILDKITE_JOB_ID: 'abc',
    };
    expect(detectCi(env)).toEqual({
      name: 'buildkite',
      runUrl: 'https://buildkite.com/acme/checkout/builds/12#abc',
    });
  });

  it('treats any other truthy CI variable as a generic CI without a link', () => {
    expect(detectCi({ CI: 'true' })).toEqual({ name: 'generic' });
    expect(detectCi({ CI: '1' })).toEqual({ name: 'generic' });
  });

  it('reports no CI when CI is unset, empty, false or 0, and when GITHUB_ACTIONS is not exactly true', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }, { GITHUB_ACTIONS: 'false' }]) {
      expect(detectCi(env)).toEqual({ name: undefined });
    }
  });
});

describe('runningInCi', () => {
  it('counts CI set to anything but empty, 0 or false, and any recognised CI, as CI', () => {
    expect(runningInCi({ CI: '1' })).toBe(true);
    expect(runningInCi({ CI: 'true' })).toBe(true);
    expect(runningInCi({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(runningInCi({ CI: '0' })).toBe(false);
    expect(runningInCi({ CI: 'false' })).toBe(false);
    expect(runningInCi({ CI: 'FALSE' })).toBe(false);
    expect(runningInCi({ CI: '' })).toBe(false);
    expect(runningInCi({})).toBe(false);
  });
});
