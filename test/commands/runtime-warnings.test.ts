import { describe, expect, it } from 'vitest';
import { runOdin } from '../helpers/run-odin.js';
import { tempWorkspace } from '../helpers/temp-workspace.js';

// Node prints process warnings as "(node:PID) SomethingWarning: ..." on stderr.
const NODE_WARNING = /\(node:\d+\)|\b\w*Warning\b/;

describe('runtime warnings', () => {
  // This suite runs on every supported Node.js version (npm test runs it again on Node 24), and
  // the AWS SDK warns on Node 20 unless told not to: odin must keep that from users itself, so
  // the variable that silences it is removed from the environment here.
  it('prints none on this Node.js version, across commands that load oclif, the SDK and the UI', async () => {
    const workspace = await tempWorkspace();
    const env = {
      ...workspace.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
      NODE_NO_WARNINGS: undefined,
      NODE_OPTIONS: undefined,
    };
    const commands = [
      ['--help'],
      ['validate'],
      ['deploy', '--simulate', '--image', 'name:demo-app-v2'],
      ['status', '--simulate'],
      ['history', '--simulate'],
    ];
    for (const args of commands) {
      const run = await runOdin(args, { cwd: workspace.cwd, env, timeoutMs: 60_000 });
      expect(run.exitCode, `odin ${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr, `odin ${args.join(' ')}`).not.toMatch(NODE_WARNING);
      expect(run.stdout, `odin ${args.join(' ')}`).not.toMatch(NODE_WARNING);
    }
  }, 120_000);
});
