import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { defaultCodec, type Codec } from './codec.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PAYLOAD_PREFIX, DEFAULT_THRESHOLD_BYTES } from './constants.js';
import {
  InvalidOptionError,
  PayloadContentMismatchError,
  PayloadMissingError,
  PayloadSizeMismatchError,
  PayloadStorageError,
  PayloadTooLargeError,
} from './errors.js';
import { PayloadPointer } from './payload-pointer.js';
import { checkPointer, normalizePrefix, payloadKey, type PayloadPlace } from './pointer-policy.js';
import { discardBody, readAtMost } from './s3-body.js';

export interface PayloadOffloaderOptions {
  /** The S3 client. Build it without an explicit endpoint so `AWS_ENDPOINT_URL_S3` is honoured. */
  s3: S3Client;
  /** The bucket that holds offloaded payloads: the only bucket `restore` reads from. */
  bucket: string;
  /**
   * Key prefix of offloaded payloads; default `sosw/payloads`. `restore` follows no pointer outside it. Give
   * the prefix a lifecycle rule to expire them.
   */
  prefix?: string;
  /** Payloads whose serialized UTF-8 text is larger than this many bytes go to S3; default 200 KB (204800). */
  thresholdBytes?: number;
  /** The largest payload written or read, in bytes of UTF-8; default 16 MiB (`DEFAULT_MAX_PAYLOAD_BYTES`). */
  maxBytes?: number;
  /** The codec to serialize with; default {@link defaultCodec}. */
  codec?: Codec;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isMissingObject(error: unknown): boolean {
  // s3rver and S3 say NoSuchKey; a caller without ListBucket permission gets a 403 instead, which stays a
  // storage error, since "missing" would be a guess.
  return error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey');
}

/**
 * Keeps payloads under Lambda's async-invoke limit: `offload` serializes a value and, when the text is
 * larger than the threshold, stores it in S3 and returns a small pointer instead; `restore` turns either
 * back into the value.
 *
 * Keys are content-addressed, `<prefix>/<sha256>.json`: a Lambda that crashes and offloads the same
 * payload again writes the same object instead of leaking a second one, and the key itself says what the
 * content must hash to.
 *
 * A pointer comes from a message, so `restore` trusts none of it: it follows only a pointer to this
 * offloader's own bucket and prefix whose key is the content hash (`pointer-policy.ts`), refuses one over
 * `maxBytes` before any S3 call, checks the object's `ContentLength` before reading its body, and checks
 * the content against its key after.
 *
 * @example
 * ```ts
 * const offloader = new PayloadOffloader({ s3: new S3Client({}), bucket: 'my-payloads' });
 * const text = await offloader.offload({ accounts }); // inline JSON, or {"$sosw":"s3",...}
 * const value = await offloader.restore(text); // { accounts }
 * ```
 */
export class PayloadOffloader {
  readonly bucket: string;
  readonly prefix: string;
  readonly thresholdBytes: number;
  readonly maxBytes: number;
  readonly #s3: S3Client;
  readonly #codec: Codec;

  /** @throws {InvalidOptionError} for an empty bucket, or a threshold or `maxBytes` out of range. */
  constructor(options: PayloadOffloaderOptions) {
    const {
      s3,
      bucket,
      prefix = DEFAULT_PAYLOAD_PREFIX,
      thresholdBytes = DEFAULT_THRESHOLD_BYTES,
      maxBytes = DEFAULT_MAX_PAYLOAD_BYTES,
    } = options;
    if (bucket === '') throw new InvalidOptionError('bucket', 'it is empty');
    if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
      throw new InvalidOptionError(
        'thresholdBytes',
        `expected a non-negative integer, got ${thresholdBytes}`,
      );
    }
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
      throw new InvalidOptionError('maxBytes', `expected a positive integer, got ${maxBytes}`);
    }
    this.#s3 = s3;
    this.#codec = options.codec ?? defaultCodec;
    this.bucket = bucket;
    this.prefix = normalizePrefix(prefix);
    this.thresholdBytes = thresholdBytes;
    this.maxBytes = maxBytes;
  }

  /** The bucket and prefix this offloader writes to, and the only place it reads from. */
  get place(): PayloadPlace {
    return { bucket: this.bucket, prefix: this.prefix };
  }

  /** The key a payload with this SHA-256 is stored under. */
  keyFor(sha256: string): string {
    return payloadKey(this.prefix, sha256);
  }

  /**
   * The serialized value: inline when its UTF-8 text is at most `thresholdBytes`, otherwise a serialized
   * {@link PayloadPointer} to the text stored in S3.
   *
   * @throws {PayloadTooLargeError} when the text is over `maxBytes`: no reader with the same settings would
   *   read it back. {@link PayloadStorageError} when S3 refuses the write; the codec's errors for
   *   unserializable values.
   */
  async offload(value: unknown): Promise<string> {
    const text = this.#codec.serialize(value);
    const body = Buffer.from(text, 'utf8');
    if (body.byteLength <= this.thresholdBytes) return text;
    const sha256 = sha256Hex(body);
    const key = this.keyFor(sha256);
    if (body.byteLength > this.maxBytes) {
      throw new PayloadTooLargeError(this.bucket, key, body.byteLength, this.maxBytes, 'put');
    }
    try {
      await this.#s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
    } catch (error) {
      throw new PayloadStorageError(this.bucket, key, 'put', { cause: error });
    }
    return this.#codec.serialize(new PayloadPointer(this.bucket, key, body.byteLength, sha256));
  }

  /**
   * The value behind `text`: deserialized directly when inline, fetched from S3 and verified when it is a
   * pointer. In order, each step before the next is paid for:
   * 1. the pointer must name this offloader's bucket, a key under its prefix that is the content hash, and
   *    at most `maxBytes` ({@link checkPointer}); no S3 call is made for one that does not;
   * 2. the object's `ContentLength` must be the pointer's `bytes`, checked before its body is read (a wrong
   *    one is dropped unread), and no more than that many bytes are read whatever the length said;
   * 3. the content's SHA-256 must be the one its key is named after.
   *
   * @throws {PayloadPointerRefusedError} for a pointer to another bucket, outside the prefix, or with a key
   *   that is not its content hash; {@link PayloadTooLargeError} over `maxBytes`;
   *   {@link PayloadMissingError} when the object is gone; {@link PayloadSizeMismatchError} or
   *   {@link PayloadContentMismatchError} (both `PayloadIntegrityError`s) when it was altered;
   *   {@link PayloadStorageError} when S3 fails otherwise.
   */
  async restore(text: string): Promise<unknown> {
    const value = this.#codec.deserialize(text);
    if (!(value instanceof PayloadPointer)) return value;
    checkPointer(value, this.place, this.maxBytes);
    const body = await this.#fetch(value);
    // The key was checked to be `<prefix>/<value.sha256>.json`: matching `sha256` is matching the key.
    // Never put the hash the content does have in the error: see PayloadContentMismatchError.
    if (sha256Hex(body) !== value.sha256) throw new PayloadContentMismatchError(value.bucket, value.key);
    return this.#codec.deserialize(Buffer.from(body).toString('utf8'));
  }

  /** The object's bytes, exactly `pointer.bytes` of them, or an error before more are downloaded. */
  async #fetch({ key, bytes }: PayloadPointer): Promise<Uint8Array> {
    const bucket = this.bucket;
    let response;
    try {
      response = await this.#s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isMissingObject(error)) throw new PayloadMissingError(bucket, key, { cause: error });
      throw new PayloadStorageError(bucket, key, 'get', { cause: error });
    }
    const { Body: stream, ContentLength: length } = response;
    if (stream === undefined) {
      throw new PayloadStorageError(bucket, key, 'get', { cause: new Error('the response has no body') });
    }
    // The headers have arrived, the body has not been read: refuse a wrong size now, and close the connection.
    if (length !== undefined && length !== bytes) {
      discardBody(stream);
      throw new PayloadSizeMismatchError(bucket, key, bytes, length);
    }
    let body: Uint8Array | undefined;
    try {
      body = await readAtMost(stream, bytes);
    } catch (error) {
      throw new PayloadStorageError(bucket, key, 'get', { cause: error });
    }
    // Longer than promised (no or a wrong ContentLength): dropped one chunk past `bytes`, its size unknown.
    if (body === undefined) throw new PayloadSizeMismatchError(bucket, key, bytes, undefined);
    if (body.byteLength !== bytes) throw new PayloadSizeMismatchError(bucket, key, bytes, body.byteLength);
    return body;
  }
}
