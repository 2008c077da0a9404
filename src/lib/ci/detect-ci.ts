/** The CI systems odin recognises; 'generic' is any other that sets `CI`. */
export type CiName = 'github' | 'gitlab' | 'buildkite' | 'generic';

/** What odin knows about the CI job it runs in (recorded in the lease and the release history). */
export interface CiInfo {
  /** undefined when not running in CI. */
  name: CiName | undefined;
  /** A link to this job's run, when the CI exposes one. */
  runUrl?: string;
  /** Who triggered the run, when the CI says. */
  actor?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value.toLowerCase() !== 'false' && value !== '0';
}

function githubRunUrl(env: Env): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  const base = `${GITHUB_SERVER_URL || 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  // A re-run keeps the run id; the attempt makes the link point at the run that actually held the lease.
  return GITHUB_RUN_ATTEMPT && GITHUB_RUN_ATTEMPT !== '1' ? `${base}/attempts/${GITHUB_RUN_ATTEMPT}` : base;
}

function buildkiteRunUrl(env: Env): string | undefined {
  const url = env.BUILDKITE_BUILD_URL;
  if (!url) return undefined;
  return env.BUILDKITE_JOB_ID ? `${url}#${env.BUILDKITE_JOB_ID}` : url;
}

function withoutEmpty(info: CiInfo): CiInfo {
  const result: CiInfo = { name: info.name };
  if (info.runUrl) result.runUrl = info.runUrl;
  if (info.actor) result.actor = info.actor;
  return result;
}

/** Detects the CI system from environment variables (pass `process.env`). */
export function detectCi(env: Env): CiInfo {
  if (env.GITHUB_ACTIONS === 'true') {
    return withoutEmpty({
      name: 'github',
      runUrl: githubRunUrl(env),
      actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR,
    });
  }
  if (env.GITLAB_CI === 'true') {
    return withoutEmpty({
      name: 'gitlab',
      runUrl: env.CI_JOB_URL || env.CI_PIPELINE_URL,
      actor: env.GITLAB_USER_LOGIN,
    });
  }
  if (env.BUILDKITE === 'true') {
    return withoutEmpty({
      name: 'buildkite',
      runUrl: buildkiteRunUrl(env),
      actor: env.BUILDKITE_BUILD_CREATOR_EMAIL || env.BUILDKITE_BUILD_CREATOR,
    });
  }
  if (isTrue(env.CI)) return { name: 'generic' };
  return { name: undefined };
}

/** True in any CI job: the one definition behind "never prompt" and "no task list" alike. */
export function runningInCi(env: Env): boolean {
  return detectCi(env).name !== undefined;
}
