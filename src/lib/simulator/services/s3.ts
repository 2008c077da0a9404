import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

import type {
  DeleteObjectCommandInput,
  GetObjectCommandInput,
  HeadBucketCommandInput,
  ListObjectsV2CommandInput,
  PutObjectCommandInput,
} from '@aws-sdk/client-s3';

import { AwsFault } from '../aws-fault.js';
import type { BucketState } from '../types.js';
import type { World } from '../world.js';
import { date, type Handler } from './shapes.js';

function requireBucket(world: World, name: string | undefined): BucketState {
  const bucket = world.state.buckets[name ?? ''];
  if (!bucket)
    throw new AwsFault('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
  return bucket;
}

function preconditionFailed(condition: string): AwsFault {
  return new AwsFault(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    412,
    { Condition: condition },
  );
}

function noSuchKey(key: string | undefined): AwsFault {
  return new AwsFault('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
}

const unquote = (etag: string): string => etag.replace(/^W\//, '').replace(/^"|"$/g, '');

/** The body as the SDK's GetObject hands it over: a Readable with the transform helpers. */
function bodyStream(body: string): Readable {
  const bytes = Buffer.from(body, 'utf8');
  const stream = Readable.from([bytes]);
  return Object.assign(stream, {
    transformToString: async (encoding?: BufferEncoding) => bytes.toString(encoding ?? 'utf8'),
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToWebStream: () => Readable.toWeb(Readable.from([bytes])),
  });
}

function headBucket(world: World, input: HeadBucketCommandInput) {
  // HEAD answers carry no body, so the SDK can only report the status: NotFound.
  if (!world.state.buckets[input.Bucket ?? '']) throw new AwsFault('NotFound', 'UnknownError', 404);
  return { BucketRegion: world.state.region };
}

function getObject(world: World, input: GetObjectCommandInput) {
  const object = requireBucket(world, input.Bucket).objects[input.Key ?? ''];
  if (!object) throw noSuchKey(input.Key);
  if (input.IfMatch && unquote(input.IfMatch) !== unquote(object.etag)) throw preconditionFailed('If-Match');
  return {
    Body: bodyStream(object.body),
    ContentType: 'application/octet-stream',
    ContentLength: Buffer.byteLength(object.body),
    ETag: object.etag,
    LastModified: date(object.lastModified),
    Metadata: {},
  };
}

/** PutObject's body, which the middleware has already read into a string. */
function putObject(world: World, input: PutObjectCommandInput) {
  const bucket = requireBucket(world, input.Bucket);
  const key = input.Key ?? '';
  const existing = bucket.objects[key];
  if (input.IfNoneMatch !== undefined && input.IfNoneMatch !== '*') {
    throw new AwsFault(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
      { Header: 'If-None-Match' },
    );
  }
  if (input.IfNoneMatch === '*' && existing) throw preconditionFailed('If-None-Match');
  if (input.IfMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (unquote(input.IfMatch) !== unquote(existing.etag)) throw preconditionFailed('If-Match');
  }
  const body = typeof input.Body === 'string' ? input.Body : '';
  const etag = `"${createHash('md5').update(body, 'utf8').digest('hex')}"`;
  bucket.objects[key] = { body, etag, lastModified: world.now };
  return { ETag: etag };
}

function deleteObject(world: World, input: DeleteObjectCommandInput) {
  const bucket = requireBucket(world, input.Bucket);
  const key = input.Key ?? '';
  const existing = bucket.objects[key];
  if (input.IfMatch !== undefined) {
    if (!existing) throw noSuchKey(key);
    if (unquote(input.IfMatch) !== unquote(existing.etag)) throw preconditionFailed('If-Match');
  }
  delete bucket.objects[key];
  return {};
}

function listObjectsV2(world: World, input: ListObjectsV2CommandInput) {
  const bucket = requireBucket(world, input.Bucket);
  const prefix = input.Prefix ?? '';
  const maxKeys = Math.min(Math.max(input.MaxKeys ?? 1000, 0), 1000);
  const after = input.ContinuationToken
    ? Buffer.from(input.ContinuationToken, 'base64').toString('utf8')
    : (input.StartAfter ?? '');
  const keys = Object.keys(bucket.objects)
    .filter((k) => k.startsWith(prefix) && k > after)
    .sort();
  const chosen = keys.slice(0, maxKeys);
  const truncated = keys.length > chosen.length;
  const last = chosen[chosen.length - 1];
  return {
    Name: bucket.name,
    Prefix: prefix,
    MaxKeys: maxKeys,
    KeyCount: chosen.length,
    IsTruncated: truncated,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken:
      truncated && last !== undefined ? Buffer.from(last, 'utf8').toString('base64') : undefined,
    // S3 leaves Contents out entirely when nothing matched.
    Contents:
      chosen.length === 0
        ? undefined
        : chosen.map((Key) => {
            const o = bucket.objects[Key]!;
            return {
              Key,
              LastModified: date(o.lastModified),
              ETag: o.etag,
              Size: Buffer.byteLength(o.body),
              StorageClass: 'STANDARD' as const,
            };
          }),
  };
}

/** S3: the state bucket, with conditional writes exactly as S3 answers them. */
export const s3Handlers: Record<string, Handler> = {
  HeadBucket: headBucket,
  GetObject: getObject,
  PutObject: putObject,
  DeleteObject: deleteObject,
  ListObjectsV2: listObjectsV2,
};
