import { describe, expect, it } from 'vitest';
import { awsErrorCode, classifyError } from '../../../src/lib/aws/classify.js';
import { awsError } from '../../helpers/aws-mock.js';

describe('classifyError', () => {
  it.each([
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 503],
    ['TooManyRequestsException', 429],
    ['SlowDown', 503],
    ['PriorRequestNotComplete', 400],
    ['SomethingNew', 429],
  ])('treats %s (%i) as throttling', (code, status) => {
    expect(classifyError(awsError(code, status))).toBe('throttling');
  });

  it.each([
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
    ['RequestTimeout', 400],
    ['Whatever', 502],
  ])('treats %s (%i) as transient', (code, status) => {
    expect(classifyError(awsError(code, status))).toBe('transient');
  });

  it('treats network failures as transient', () => {
    expect(classifyError(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }))).toBe(
      'transient',
    );
    expect(classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('transient');
  });

  it('tells access denied from bad credentials and from plain client errors', () => {
    expect(classifyError(awsError('AccessDenied', 403))).toBe('access-denied');
    expect(classifyError(awsError('UnauthorizedOperation', 403))).toBe('access-denied');
    expect(classifyError(awsError('ExpiredToken', 403))).toBe('credentials');
    expect(classifyError(awsError('ValidationError', 400))).toBe('other');
  });
});

describe('awsErrorCode', () => {
  it('drops the SDK class suffix so codes compare with the wire codes', () => {
    expect(awsErrorCode(awsError('TargetGroupNotFoundException'))).toBe('TargetGroupNotFound');
    expect(awsErrorCode(awsError('AlreadyExistsFault'))).toBe('AlreadyExists');
    expect(awsErrorCode(awsError('InvalidAMIID.NotFound'))).toBe('InvalidAMIID.NotFound');
  });

  it('falls back to the network code or the HTTP status', () => {
    expect(awsErrorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(awsErrorCode(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 418 } }))).toBe(
      'Http418',
    );
  });
});
