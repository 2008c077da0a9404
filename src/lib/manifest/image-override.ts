import { InvalidFlagError } from '../errors/index.js';
import type { ImageSource, Manifest } from './types.js';

const FORMS = 'ami-0123456789abcdef0, ssm:/path/to/parameter or name:app-v2*';

/** Parses an `--image` value: `ami-...`, `ssm:/path` or `name:pattern` (the lookup keeps the manifest's owner). */
export function parseImageOverride(value: string, current?: ImageSource): ImageSource {
  const text = value.trim();
  if (/^ami-[0-9a-f]{8,17}$/.test(text)) return { id: text };
  if (text.startsWith('ssm:')) {
    const path = text.slice('ssm:'.length);
    if (path.startsWith('/') && path.length > 1) return { ssm: path };
    throw new InvalidFlagError(`--image ${value}: the SSM parameter path must start with /`, {
      hint: 'write --image ssm:/path/to/parameter',
    });
  }
  if (text.startsWith('name:') && text.length > 'name:'.length) {
    const owner = current && 'lookup' in current ? current.lookup.owner : undefined;
    return { lookup: { name: text.slice('name:'.length), ...(owner === undefined ? {} : { owner }) } };
  }
  throw new InvalidFlagError(`--image ${value} is not an image`, { hint: `write ${FORMS}` });
}

/** The manifest with its image replaced by an `--image` value; the manifest given is left untouched. */
export function applyImageOverride(manifest: Manifest, value: string): Manifest {
  return { ...manifest, image: parseImageOverride(value, manifest.image) };
}

/** A short description of an image source: `ami-0abc`, `ssm:/app/ami`, `newest "demo-app-*" owned by self`. */
export function describeImage(image: ImageSource): string {
  if ('id' in image) return image.id;
  if ('ssm' in image) return `ssm:${image.ssm}`;
  const owner = image.lookup.owner ?? 'self';
  if ('name' in image.lookup) return `newest "${image.lookup.name}" owned by ${owner}`;
  const tags = Object.entries(image.lookup.tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `newest tagged ${tags} owned by ${owner}`;
}
