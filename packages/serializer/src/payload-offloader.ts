import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { defaultCodec, type Codec } from './codec.js';
import { DEFAULT_PAYLOAD_PREFIX, DEFAULT_THRESHOLD_BYTES } from './constants.js';
import {
  InvalidOptionError,
  PayloadIntegrityError,
  PayloadMissingError,
  PayloadStorageError,
} from './errors.js';
import { PayloadPointer } from './payload-pointer.js';

export interface PayloadOffloaderOptions {
  /** The S3 client. Build it without an explicit endpoint so `AWS_ENDPOINT_URL_S3` is honoured. */
  s3: S3Client;
  /** The bucket that holds offloaded payloads. */
  bucket: string;
  /** Key prefix of offloaded payloads; default `sosw/payloads`. Give the prefix a lifecycle rule to expire them. */
  prefix?: string;
  /** Payloads whose serialized UTF-8 text is larger than this many bytes go to S3; default 200 KB (204800). */
  thresholdBytes?: number;
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
 * back into the value, checking the stored object's size and SHA-256 against the pointer.
 *
 * Keys are content-addressed, `<prefix>/<sha256>.json`: a Lambda that crashes and offloads the same
 * payload again writes the same object instead of leaking a second one, and the key itself says what the
 * content must hash to.
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
  readonly #s3: S3Client;
  readonly #codec: Codec;

  /** @throws {InvalidOptionError} for an empty bucket or a threshold that is not a non-negative integer. */
  constructor(options: PayloadOffloaderOptions) {
    const { s3, bucket, prefix = DEFAULT_PAYLOAD_PREFIX, thresholdBytes = DEFAULT_THRESHOLD_BYTES } = options;
    if (bucket === '') throw new InvalidOptionError('bucket', 'it is empty');
    if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
      throw new InvalidOptionError(
        'thresholdBytes',
        `expected a non-negative integer, got ${thresholdBytes}`,
      );
    }
    this.#s3 = s3;
    this.#codec = options.codec ?? defaultCodec;
    this.bucket = bucket;
    this.prefix = prefix.replace(/\/+$/, '');
    this.thresholdBytes = thresholdBytes;
  }

  /** The key a payload with this SHA-256 is stored under. */
  keyFor(sha256: string): string {
    return this.prefix === '' ? `${sha256}.json` : `${this.prefix}/${sha256}.json`;
  }

  /**
   * The serialized value: inline when its UTF-8 text is at most `thresholdBytes`, otherwise a serialized
   * {@link PayloadPointer} to the text stored in S3.
   *
   * @throws {PayloadStorageError} when S3 refuses the write; the codec's errors for unserializable values.
   */
  async offload(value: unknown): Promise<string> {
    const text = this.#codec.serialize(value);
    const body = Buffer.from(text, 'utf8');
    if (body.byteLength <= this.thresholdBytes) return text;
    const sha256 = sha256Hex(body);
    const key = this.keyFor(sha256);
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
   * pointer. The pointer's bucket is used, so payloads written through another bucket still restore.
   *
   * @throws {PayloadMissingError} when the object is gone; {@link PayloadIntegrityError} when its size or
   *   SHA-256 differs from the pointer's; {@link PayloadStorageError} when S3 fails otherwise.
   */
  async restore(text: string): Promise<unknown> {
    const value = this.#codec.deserialize(text);
    if (!(value instanceof PayloadPointer)) return value;
    const body = await this.#fetch(value);
    if (body.byteLength !== value.bytes) {
      throw new PayloadIntegrityError(value.bucket, value.key, 'bytes', value.bytes, body.byteLength);
    }
    const sha256 = sha256Hex(body);
    if (sha256 !== value.sha256)
      throw new PayloadIntegrityError(value.bucket, value.key, 'sha256', value.sha256, sha256);
    return this.#codec.deserialize(Buffer.from(body).toString('utf8'));
  }

  async #fetch({ bucket, key }: PayloadPointer): Promise<Uint8Array> {
    try {
      const response = await this.#s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) throw new Error('the response has no body');
      return await response.Body.transformToByteArray();
    } catch (error) {
      if (isMissingObject(error)) throw new PayloadMissingError(bucket, key, { cause: error });
      throw new PayloadStorageError(bucket, key, 'get', { cause: error });
    }
  }
}
