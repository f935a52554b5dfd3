import { S3Client } from '@aws-sdk/client-s3';
import { isPlainObject } from '@sosw/core';
import { defaultCodec, PayloadOffloader, PayloadPointer, type Codec, type JsonValue } from '@sosw/serializer';

/** Options of {@link PayloadReader}. */
export interface PayloadReaderOptions {
  /** The codec (with your registered classes); default the serializer's `defaultCodec`. */
  codec?: Codec;
  /** Restores offloaded payloads; default one made on the first pointer, on `s3` and the pointer's bucket. */
  offloader?: PayloadOffloader;
  /** The S3 client of the default offloader; default `new S3Client({})`. */
  s3?: S3Client;
}

/**
 * Reads what arrives at a worker through the serializer: tagged values (`Date`, `Set`, `Decimal`, your
 * classes, ...) are decoded, and S3 pointers are fetched and restored, either the whole value or any of its
 * top-level fields (`{ accounts: <pointer> }`). Plain JSON comes out unchanged.
 *
 * @example
 * const reader = new PayloadReader({ s3: new S3Client({}) });
 * await reader.deserialize('{"since":{"$sosw":"date","v":"2024-05-06T00:00:00.000Z"}}'); // { since: Date }
 */
export class PayloadReader {
  readonly #codec: Codec;
  readonly #s3: S3Client | undefined;
  #offloader: PayloadOffloader | undefined;

  constructor(options: PayloadReaderOptions = {}) {
    this.#codec = options.codec ?? defaultCodec;
    this.#offloader = options.offloader;
    this.#s3 = options.s3;
  }

  /** The codec it decodes with. */
  get codec(): Codec {
    return this.#codec;
  }

  /**
   * Decodes an already parsed JSON value (a Lambda event) and restores its pointers.
   *
   * @throws the serializer's errors: a malformed tag, a payload gone from S3 or altered, S3 unreachable
   */
  async decode(json: unknown): Promise<unknown> {
    return this.#restore(this.#codec.decode(json as JsonValue));
  }

  /**
   * Deserializes text (an SQS body) and restores its pointers.
   *
   * @throws the serializer's errors, `InvalidJsonError` for text that is not JSON
   */
  async deserialize(text: string): Promise<unknown> {
    return this.#restore(this.#codec.deserialize(text));
  }

  async #restore(value: unknown): Promise<unknown> {
    if (value instanceof PayloadPointer) return this.#fetch(value);
    if (!isPlainObject(value)) return value;
    const restored: Record<string, unknown> = { ...value };
    for (const [key, field] of Object.entries(value)) {
      if (field instanceof PayloadPointer) restored[key] = await this.#fetch(field);
    }
    return restored;
  }

  async #fetch(pointer: PayloadPointer): Promise<unknown> {
    // `restore` reads the pointer's own bucket; the offloader's bucket only matters for writing.
    this.#offloader ??= new PayloadOffloader({
      s3: this.#s3 ?? new S3Client({}),
      bucket: pointer.bucket,
      codec: this.#codec,
    });
    return this.#offloader.restore(this.#codec.serialize(pointer));
  }
}
