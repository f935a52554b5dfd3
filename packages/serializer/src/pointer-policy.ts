import { PayloadPointerRefusedError, PayloadTooLargeError } from './errors.js';
import type { PayloadPointer } from './payload-pointer.js';

/**
 * Where offloaded payloads live: one bucket, and a key prefix without a trailing slash (`''` for the
 * bucket's root). The writer stores there, and the reader follows pointers to nowhere else.
 */
export interface PayloadPlace {
  readonly bucket: string;
  readonly prefix: string;
}

/** The file name of an offloaded payload under its prefix: its SHA-256 (64 lowercase hex digits), `.json`. */
const CONTENT_HASH_NAME = /^[0-9a-f]{64}\.json$/;

/**
 * A prefix as keys are built from it: without trailing slashes, so `'p/'` and `'p'` are one place.
 *
 * @example
 * normalizePrefix('sosw/payloads/'); // 'sosw/payloads'
 */
export function normalizePrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/**
 * The key a payload with this SHA-256 is stored under: `<prefix>/<sha256>.json`, or `<sha256>.json` at the
 * root. Content-addressed, so the key itself says what the content must hash to.
 *
 * @example
 * payloadKey('sosw/payloads', 'ab12…'); // 'sosw/payloads/ab12….json'
 */
export function payloadKey(prefix: string, sha256: string): string {
  return prefix === '' ? `${sha256}.json` : `${prefix}/${sha256}.json`;
}

/**
 * Checks a pointer against the place this reader trusts, before any S3 call. A pointer arrives in a message,
 * so its bucket and key are whatever the sender wrote; it is followed only when it is exactly what this
 * place's writer would have produced:
 * 1. its bucket is the place's bucket;
 * 2. its key is under the place's prefix (a `/` boundary, so `sosw/payloads-old/` is not `sosw/payloads/`);
 * 3. its key is `<prefix>/<sha256>.json` of the pointer's own `sha256`, so the content is later checked
 *    against the hash the key is named after, and no other object under the prefix can be named;
 * 4. its `bytes` is at most `maxBytes`.
 *
 * The place is checked before the size: a foreign pointer is refused for being foreign, whatever it claims.
 *
 * @throws {PayloadPointerRefusedError} for rules 1 to 3 (`rule`: `'bucket'`, `'prefix'`, `'key'`)
 * @throws {PayloadTooLargeError} for rule 4
 *
 * @example
 * checkPointer(pointer, { bucket: 'my-payloads', prefix: 'sosw/payloads' }, DEFAULT_MAX_PAYLOAD_BYTES);
 */
export function checkPointer(pointer: PayloadPointer, place: PayloadPlace, maxBytes: number): void {
  const { bucket, key } = pointer;
  if (bucket !== place.bucket) {
    throw new PayloadPointerRefusedError(
      bucket,
      key,
      'bucket',
      `payloads are read only from bucket "${place.bucket}"`,
    );
  }
  const folder = place.prefix === '' ? '' : `${place.prefix}/`;
  if (!key.startsWith(folder)) {
    throw new PayloadPointerRefusedError(
      bucket,
      key,
      'prefix',
      `its key is outside the payload prefix "${folder}"`,
    );
  }
  const name = key.slice(folder.length);
  if (!CONTENT_HASH_NAME.test(name) || key !== payloadKey(place.prefix, pointer.sha256)) {
    throw new PayloadPointerRefusedError(
      bucket,
      key,
      'key',
      `its key is not "${folder}<sha256>.json" of its content hash`,
    );
  }
  if (pointer.bytes > maxBytes) throw new PayloadTooLargeError(bucket, key, pointer.bytes, maxBytes);
}
