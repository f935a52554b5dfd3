import { isPlainObject } from '@sosw/core';
import {
  defaultCodec,
  PayloadPointer,
  PayloadPointerRefusedError,
  type Codec,
  type JsonValue,
  type PayloadOffloader,
} from '@sosw/serializer';

/** Options of {@link PayloadReader}. */
export interface PayloadReaderOptions {
  /** The codec (with your registered classes); default the serializer's `defaultCodec`. */
  codec?: Codec;
  /**
   * Restores offloaded payloads: the `PayloadOffloader` your writers use (or one with the same `bucket` and
   * `prefix`). Pointers are followed only into its bucket and prefix, up to its `maxBytes`. Without one,
   * every pointer is refused: a reader that was never told where its payloads live trusts no bucket.
   */
  offloader?: PayloadOffloader;
}

/**
 * Reads what arrives at a worker through the serializer: tagged values (`Date`, `Set`, `Decimal`, your
 * classes, ...) are decoded, and S3 pointers are fetched and restored, either the whole value or any of its
 * top-level fields (`{ accounts: <pointer> }`, a chain message's `payload`). Plain JSON comes out unchanged.
 *
 * A pointer is part of the message, so whoever sent the message chose its bucket and key. The reader
 * follows it only through its `offloader`, which refuses any pointer but its own writers' (see the
 * serializer's `pointer-policy.ts`); the refusal is a serializer error, so the task or record is dead, not
 * retried.
 *
 * @example
 * const offloader = new PayloadOffloader({ s3: new S3Client({}), bucket: 'my-payloads' });
 * const reader = new PayloadReader({ offloader });
 * await reader.deserialize('{"since":{"$sosw":"date","v":"2024-05-06T00:00:00.000Z"}}'); // { since: Date }
 */
export class PayloadReader {
  readonly #codec: Codec;
  readonly #offloader: PayloadOffloader | undefined;

  constructor(options: PayloadReaderOptions = {}) {
    this.#codec = options.codec ?? defaultCodec;
    this.#offloader = options.offloader;
  }

  /** The codec it decodes with. */
  get codec(): Codec {
    return this.#codec;
  }

  /**
   * Decodes an already parsed JSON value (a Lambda event) and restores its pointers.
   *
   * @throws the serializer's errors: a malformed tag, a pointer refused (`PayloadPointerRefusedError`,
   *   `PayloadTooLargeError`), a payload gone from S3 or altered, S3 unreachable
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
    if (this.#offloader === undefined) {
      throw new PayloadPointerRefusedError(
        pointer.bucket,
        pointer.key,
        'unconfigured',
        'this reader trusts no payload bucket (give the worker `payloads: { offloader }`, ' +
          'with the bucket and prefix its writers use)',
      );
    }
    return this.#offloader.restore(this.#codec.serialize(pointer));
  }
}
