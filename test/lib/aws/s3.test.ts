import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../src/lib/aws/errors.js';
import { AwsCallError } from '../../../src/lib/errors/index.js';
import { awsError, mockedAws } from '../../helpers/aws-mock.js';

// GetObject's Body is a stream with the SDK's helpers mixed in; the adapter only needs this one.
function streamOf(text: string): never {
  return { transformToString: async () => text } as never;
}

describe('S3 adapter', () => {
  it('reads an object body, ETag and time, and answers undefined for a missing key', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(GetObjectCommand, { Key: 'lease.json' })
      .resolves({
        Body: streamOf('{"holder":"ci"}'),
        ETag: '"abc"',
        LastModified: new Date(5000),
      })
      .on(GetObjectCommand, { Key: 'missing.json' })
      .rejects(awsError('NoSuchKey', 404));

    expect(await aws.s3.getObject('state', 'lease.json')).toEqual({
      body: '{"holder":"ci"}',
      etag: '"abc"',
      lastModified: 5000,
    });
    expect(await aws.s3.getObject('state', 'missing.json')).toBeUndefined();
  });

  it('sends create-only and replace-if-unchanged writes as S3 conditional headers', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3.on(PutObjectCommand).resolves({ ETag: '"new"' });

    await aws.s3.putObject('state', 'lease.json', '{}', { ifNoneMatch: '*' });
    const { etag } = await aws.s3.putObject('state', 'lease.json', '{}', { ifMatch: '"old"' });

    const inputs = mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toMatchObject({ Bucket: 'state', Key: 'lease.json', Body: '{}', IfNoneMatch: '*' });
    expect(inputs[1]).toMatchObject({ IfMatch: '"old"' });
    expect(etag).toBe('"new"');
  });

  it('turns a lost conditional write (412 or 409) into PreconditionFailedError without retrying', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(PutObjectCommand)
      .rejectsOnce(awsError('PreconditionFailed', 412))
      .rejectsOnce(awsError('ConditionalRequestConflict', 409));

    const first = await aws.s3.putObject('state', 'k', '{}', { ifNoneMatch: '*' }).catch((e: unknown) => e);
    const second = await aws.s3.putObject('state', 'k', '{}', { ifMatch: '"e"' }).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(PreconditionFailedError);
    expect(second).toBeInstanceOf(PreconditionFailedError);
    expect(aws.stats().calls).toBe(2);
  });

  it('treats a write with IfMatch to a key that is gone as a lost race, and any other 404 as an error', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(PutObjectCommand)
      .rejectsOnce(awsError('NoSuchKey', 404))
      .rejectsOnce(awsError('NoSuchBucket', 404));

    const vanished = await aws.s3.putObject('state', 'k', '{}', { ifMatch: '"e"' }).catch((e: unknown) => e);
    const noBucket = await aws.s3.putObject('state', 'k', '{}').catch((e: unknown) => e);

    expect(vanished).toBeInstanceOf(PreconditionFailedError);
    expect(noBucket).not.toBeInstanceOf(PreconditionFailedError);
    expect(noBucket).toMatchObject({ awsCode: 'NoSuchBucket' });
  });

  it('deletes with IfMatch and reports a changed or vanished object as PreconditionFailedError', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(DeleteObjectCommand)
      .resolvesOnce({})
      .rejectsOnce(awsError('PreconditionFailed', 412))
      .rejectsOnce(awsError('NoSuchKey', 404));

    await aws.s3.deleteObject('state', 'k', { ifMatch: '"e"' });
    const changed = await aws.s3.deleteObject('state', 'k', { ifMatch: '"e"' }).catch((e: unknown) => e);
    const vanished = await aws.s3.deleteObject('state', 'k', { ifMatch: '"e"' }).catch((e: unknown) => e);

    expect(mocks.s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'state',
      Key: 'k',
      IfMatch: '"e"',
    });
    expect(changed).toBeInstanceOf(PreconditionFailedError);
    expect(vanished).toBeInstanceOf(PreconditionFailedError);
  });

  it('lists every key under a prefix across pages', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'a/1' }, { Key: 'a/2' }],
        IsTruncated: true,
        NextContinuationToken: 'c1',
      })
      .resolvesOnce({ Contents: [{ Key: 'a/3' }], IsTruncated: false });

    expect(await aws.s3.listKeys('state', 'a/')).toEqual(['a/1', 'a/2', 'a/3']);
    expect(mocks.s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('c1');
  });

  it('tells a missing bucket from one the caller may not read', async () => {
    const { aws, mocks } = mockedAws();
    mocks.s3
      .on(HeadBucketCommand, { Bucket: 'mine' })
      .resolves({})
      .on(HeadBucketCommand, { Bucket: 'gone' })
      .rejects(awsError('NotFound', 404))
      .on(HeadBucketCommand, { Bucket: 'theirs' })
      .rejects(awsError('Forbidden', 403));

    expect(await aws.s3.bucketExists('mine')).toBe(true);
    expect(await aws.s3.bucketExists('gone')).toBe(false);
    const denied = (await aws.s3.bucketExists('theirs').catch((e: unknown) => e)) as AwsCallError;
    expect(denied).toBeInstanceOf(AwsCallError);
    expect(denied.hint).toContain('s3:ListBucket');
  });
});
