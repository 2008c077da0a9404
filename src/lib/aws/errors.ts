/** An S3 conditional write or delete lost: the object changed (or exists) since it was read. */
export class PreconditionFailedError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`s3://${bucket}/${key} changed since it was read (PreconditionFailed)`);
    this.name = 'PreconditionFailedError';
  }
}
