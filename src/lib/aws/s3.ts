import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { codeOf, orAbsent, statusOf, type ServiceCaller } from './caller.js';
import type { ClientConfig } from './client-config.js';
import { PreconditionFailedError } from './errors.js';
import { collectPages } from './pages.js';
import { toEpochMs } from './shapes.js';
import type { S3, StoredObject, WriteCondition } from './types.js';

/** An S3 client configured the way odin needs it. */
export function createS3Client(config: ClientConfig): S3Client {
  // The state bucket may live in another region than the fleets; S3 tells where, so follow it.
  // A custom endpoint (given, or from AWS_ENDPOINT_URL[_S3]; LocalStack, MinIO) serves buckets
  // by path: by host name the request would go to http://bucket.localhost:4566.
  return new S3Client({
    ...config,
    followRegionRedirects: true,
    forcePathStyle: config.endpoint !== undefined,
  });
}

/** odin's S3 interface over the SDK client, with S3's conditional writes for the lease and journal. */
export class S3Adapter implements S3 {
  constructor(private readonly caller: ServiceCaller) {}

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.caller.send(HeadBucketCommand, { Bucket: bucket });
      return true;
    } catch (error) {
      // HeadBucket answers without a body, so a missing bucket is only a 404.
      if (codeOf(error) === 'NotFound' || codeOf(error) === 'NoSuchBucket' || statusOf(error) === 404)
        return false;
      throw error;
    }
  }

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const output = await orAbsent(this.caller.send(GetObjectCommand, { Bucket: bucket, Key: key }), [
      'NoSuchKey',
    ]);
    if (!output) return undefined;
    return {
      body: (await output.Body?.transformToString('utf-8')) ?? '',
      etag: output.ETag ?? '',
      lastModified: toEpochMs(output.LastModified),
    };
  }

  async putObject(
    bucket: string,
    key: string,
    body: string,
    condition: WriteCondition = {},
  ): Promise<{ etag: string }> {
    try {
      const output = await this.caller.send(PutObjectCommand, {
        Bucket: bucket,
        Key: key,
        Body: body,
        IfNoneMatch: condition.ifNoneMatch,
        IfMatch: condition.ifMatch,
      });
      return { etag: output.ETag ?? '' };
    } catch (error) {
      throw lostCondition(error, condition.ifMatch !== undefined)
        ? new PreconditionFailedError(bucket, key)
        : error;
    }
  }

  async deleteObject(bucket: string, key: string, condition: { ifMatch?: string } = {}): Promise<void> {
    try {
      await this.caller.send(DeleteObjectCommand, { Bucket: bucket, Key: key, IfMatch: condition.ifMatch });
    } catch (error) {
      throw lostCondition(error, condition.ifMatch !== undefined)
        ? new PreconditionFailedError(bucket, key)
        : error;
    }
  }

  listKeys(bucket: string, prefix: string): Promise<string[]> {
    return collectPages(async (token) => {
      const page = await this.caller.send(ListObjectsV2Command, {
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
      });
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
      return { items: keys, next: page.IsTruncated ? page.NextContinuationToken : undefined };
    });
  }
}

/**
 * Whether a conditional write or delete lost its race: 412 when the condition does not hold,
 * 409 when another conditional write to the key was in flight, and, when IfMatch was sent, a
 * key that is already gone (S3 answers 404 NoSuchKey; it changed since it was read, too).
 */
function lostCondition(error: unknown, ifMatchSent: boolean): boolean {
  const code = codeOf(error);
  const status = statusOf(error);
  if (code === 'PreconditionFailed' || status === 412) return true;
  if (code === 'ConditionalRequestConflict' || status === 409) return true;
  return ifMatchSent && (code === 'NoSuchKey' || status === 404);
}
