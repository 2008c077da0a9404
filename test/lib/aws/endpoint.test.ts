import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createAws } from '../../../src/lib/aws/create-aws.js';
import type { SdkClientLike } from '../../../src/lib/aws/client-config.js';
import { endpointFor, type EndpointEnvironment } from '../../../src/lib/aws/endpoint.js';
import { VirtualClock } from '../../../src/lib/clock/index.js';

interface SentRequest {
  hostname: string;
  port?: number;
  path: string;
}

// Real SDK clients whose requests are caught once built (endpoint resolved, before signing), so
// the test sees the URL a request would really go to.
function capturingAws(env: EndpointEnvironment) {
  const sent: SentRequest[] = [];
  const capture = (client: SdkClientLike): void => {
    client.middlewareStack.add(
      () => async (args: { request: SentRequest }) => {
        sent.push({ hostname: args.request.hostname, port: args.request.port, path: args.request.path });
        return { output: { $metadata: { httpStatusCode: 200 } }, response: {} };
      },
      { step: 'build', name: 'captureRequest', priority: 'low' },
    );
  };
  const aws = createAws({ region: 'eu-west-1', clock: new VirtualClock(), env, customizeClient: capture });
  return { aws, sent };
}

describe('endpointFor', () => {
  it('prefers an explicit endpoint, then the service’s own variable, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all:4566', AWS_ENDPOINT_URL_S3: 'http://s3only:9000' };
    expect(endpointFor('s3', 'http://given:1', env)).toBe('http://given:1');
    expect(endpointFor('s3', undefined, env)).toBe('http://s3only:9000');
    expect(endpointFor('elbv2', undefined, env)).toBe('http://all:4566');
    expect(endpointFor('elbv2', undefined, { AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: 'http://e' })).toBe(
      'http://e',
    );
    expect(endpointFor('ec2', undefined, {})).toBeUndefined();
  });

  it('ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(endpointFor('s3', undefined, env)).toBeUndefined();
  });
});

describe('createAws with a custom endpoint', () => {
  // S3 signs with credentials from the chain; the variables keep the test off any real profile.
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIATEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('sends S3 requests by path to AWS_ENDPOINT_URL, not to a bucket host name', async () => {
    const { aws, sent } = capturingAws({ AWS_ENDPOINT_URL: 'http://localhost:4566' });

    await aws.s3.getObject('odin-state', 'svc/lease.json').catch(() => undefined);

    expect(sent).toEqual([{ hostname: 'localhost', port: 4566, path: '/odin-state/svc/lease.json' }]);
    aws.destroy();
  });

  it('uses AWS_ENDPOINT_URL_S3 for S3 only, by path', async () => {
    const { aws, sent } = capturingAws({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' });

    await aws.s3.getObject('odin-state', 'k').catch(() => undefined);
    await aws.sts.getCallerIdentity().catch(() => undefined);

    expect(sent[0]).toEqual({ hostname: '127.0.0.1', port: 9000, path: '/odin-state/k' });
    expect(sent[1]?.hostname).toBe('sts.eu-west-1.amazonaws.com');
    aws.destroy();
  });

  it('addresses buckets by host name on AWS itself', async () => {
    const { aws, sent } = capturingAws({});

    await aws.s3.getObject('odin-state', 'k').catch(() => undefined);

    expect(sent[0]?.hostname).toBe('odin-state.s3.eu-west-1.amazonaws.com');
    aws.destroy();
  });
});
