import { createHash } from 'node:crypto';

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';

import { seededCloud } from './sdk-clients.js';

const Bucket = 'odin-state-123456789012';

describe('local cloud: S3', () => {
  it('answers a create-only write of an existing key with 412 PreconditionFailed', async () => {
    const { s3 } = seededCloud();
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'lease.json', Body: '{"holder":"a"}', IfNoneMatch: '*' }),
    );
    const error = await s3
      .send(new PutObjectCommand({ Bucket, Key: 'lease.json', Body: '{"holder":"b"}', IfNoneMatch: '*' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
    });
    const kept = await s3.send(new GetObjectCommand({ Bucket, Key: 'lease.json' }));
    expect(await kept.Body!.transformToString()).toBe('{"holder":"a"}');
  });

  it('returns the quoted md5 of the body as the ETag and honours If-Match', async () => {
    const { s3 } = seededCloud();
    const body = 'journal v1';
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'j', Body: body }));
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    await expect(
      s3.send(new PutObjectCommand({ Bucket, Key: 'j', Body: 'x', IfMatch: '"0000"' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    const replaced = await s3.send(
      new PutObjectCommand({ Bucket, Key: 'j', Body: 'journal v2', IfMatch: put.ETag }),
    );
    const read = await s3.send(new GetObjectCommand({ Bucket, Key: 'j' }));
    expect(read.ETag).toBe(replaced.ETag);
    expect(read.LastModified).toBeInstanceOf(Date);
  });

  it('answers If-Match on a missing key with 404 NoSuchKey, as S3 does', async () => {
    const { s3 } = seededCloud();
    await expect(
      s3.send(new PutObjectCommand({ Bucket, Key: 'gone', Body: 'x', IfMatch: '"abc"' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'gone', IfMatch: '"abc"' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('deletes only when If-Match holds', async () => {
    const { s3 } = seededCloud();
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket, Key: 'lock', Body: 'me' }));
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'lock', IfMatch: '"stale"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'lock', IfMatch: ETag }));
    await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'lock' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('lists keys under a prefix in pages of MaxKeys with a continuation token', async () => {
    const { s3 } = seededCloud();
    for (let i = 0; i < 5; i++)
      await s3.send(new PutObjectCommand({ Bucket, Key: `svc/releases/${i}.json`, Body: String(i) }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'other/x', Body: 'x' }));
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'svc/', MaxKeys: 2, ContinuationToken: token }),
      );
      keys.push(...(out.Contents ?? []).map((c) => c.Key!));
      token = out.NextContinuationToken;
      pages++;
    } while (token);
    expect(keys).toEqual([0, 1, 2, 3, 4].map((i) => `svc/releases/${i}.json`));
    expect(pages).toBe(3);
  });

  it('answers HeadBucket on a missing bucket with NotFound 404', async () => {
    const { s3 } = seededCloud();
    await expect(s3.send(new HeadBucketCommand({ Bucket }))).resolves.toMatchObject({
      $metadata: { httpStatusCode: 200 },
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'nope' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('accepts a byte body as well as a string', async () => {
    const { s3 } = seededCloud();
    await s3.send(new PutObjectCommand({ Bucket, Key: 'bytes', Body: new TextEncoder().encode('héllo') }));
    const out = await s3.send(new GetObjectCommand({ Bucket, Key: 'bytes' }));
    expect(await out.Body!.transformToString()).toBe('héllo');
  });
});
