import { ManifestError, type ErrorCode, type OdinErrorOptions } from '../errors/index.js';

/** There is no manifest at the given path: a ManifestError whose code says so, pointing at `odin init`. */
export class ManifestNotFoundError extends ManifestError {
  override readonly code: ErrorCode = 'MANIFEST_NOT_FOUND';

  constructor(file: string, options: OdinErrorOptions = {}) {
    const message = `no manifest at ${file}`;
    super([{ file, line: 0, column: 0, path: '', message }], {
      hint: 'Run `odin init` to write a starter odin.yml, or pass -f <path> to use another file.',
      ...options,
    });
    this.message = message;
  }
}
