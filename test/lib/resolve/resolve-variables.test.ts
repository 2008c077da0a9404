import { describe, expect, it } from 'vitest';
import { deploy } from '../../../src/lib/deploy/deploy.js';
import { ResourceNotFoundError } from '../../../src/lib/errors/index.js';
import { secrets } from '../../../src/lib/events/redactor.js';
import { SecretText } from '../../../src/lib/manifest/secret-text.js';
import { ProblemList } from '../../../src/lib/resolve/problems.js';
import { resolveVariables } from '../../../src/lib/resolve/resolve-variables.js';
import { DEMO_SECRET } from '../../../src/lib/simulator/seed.js';
import { deployFixture } from '../deploy/support.js';

describe('resolveVariables', () => {
  it('reads an SSM SecureString decrypted, as secret text registered for redaction', async () => {
    const fixture = await deployFixture();
    const problems = new ProblemList();
    const values = await resolveVariables(fixture.aws, fixture.manifest, problems);
    expect(problems.items).toEqual([]);
    expect(values['LOG_LEVEL']).toBe('info');
    const secret = values['DB_PASSWORD'];
    expect(secret).toBeInstanceOf(SecretText);
    expect((secret as SecretText).reveal()).toBe(DEMO_SECRET.value);
    expect(JSON.stringify(values)).not.toContain(DEMO_SECRET.value);
    expect(secrets.redact(`x ${DEMO_SECRET.value}`)).toBe('x [secret DB_PASSWORD]');
  });

  it('gets ciphertext, never the value, when a SecureString is read without decryption', async () => {
    const fixture = await deployFixture();
    const raw = await fixture.aws.ssm.getParameter(DEMO_SECRET.parameter);
    expect(raw).toBeDefined();
    expect(raw).not.toContain(DEMO_SECRET.value);
  });

  it('refuses a deploy whose parameter is missing with exit 2, naming it and the fix, before changing anything', async () => {
    const fixture = await deployFixture();
    delete fixture.cloud.world.state.parameters[DEMO_SECRET.parameter];
    const error = await deploy(fixture.ctx(), fixture.request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect((error as ResourceNotFoundError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `instances.variables.DB_PASSWORD: no SSM parameter \`${DEMO_SECRET.parameter}\` in us-east-1`,
    );
    expect((error as ResourceNotFoundError).hint).toContain(
      `aws ssm put-parameter --name ${DEMO_SECRET.parameter} --type SecureString`,
    );
    const state = fixture.cloud.world.state;
    expect(Object.keys(state.launchTemplates)).toEqual([]);
    expect(Object.keys(state.groups)).toEqual([]);
    expect(await fixture.aws.s3.listKeys(fixture.manifest.state.bucket, '')).toEqual([]);
  });
});
