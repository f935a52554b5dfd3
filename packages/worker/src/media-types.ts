import { parseWith, type Schema } from '@sosw/core';
import { defaultCodec, type Codec } from '@sosw/serializer';
import { MediaTypeError, WorkerOptionError } from './errors.js';

/** The suffix of a media type pattern: `application/vnd.sosw.stats.*` matches `application/vnd.sosw.stats.<anything>`. */
const WILDCARD = '.*';

/** Options of {@link MediaTypes}. */
export interface MediaTypesOptions {
  /** The codec that writes and reads the text; default the serializer's `defaultCodec`. */
  codec?: Codec;
}

/**
 * A registry of zod schemas by media type, after microcosm-pubsub: the sender validates before it sends
 * (`encode`), the receiver validates on receipt (`decode`), and both name the failing field. A media type
 * finds its schema by exact match first, then by the longest `prefix.*` pattern that matches
 * (`application/vnd.sosw.stats.*` covers `application/vnd.sosw.stats.daily` and
 * `application/vnd.sosw.stats.daily.v2`, but not `application/vnd.sosw.stats` itself).
 *
 * @example
 * const mediaTypes = new MediaTypes()
 *   .register('application/vnd.sosw.stats.*', z.object({ account: z.number(), rows: z.number() }))
 *   .register('application/vnd.sosw.stats.deleted', z.object({ account: z.number() }));
 * const text = mediaTypes.encode('application/vnd.sosw.stats.daily', { account: 7, rows: 3 });
 * mediaTypes.decode('application/vnd.sosw.stats.daily', text); // { account: 7, rows: 3 }
 */
export class MediaTypes {
  readonly #exact = new Map<string, Schema>();
  /** Patterns as their prefix with the dot (`application/vnd.sosw.stats.`), longest first. */
  #patterns: { prefix: string; pattern: string; schema: Schema }[] = [];
  readonly #codec: Codec;

  constructor(options: MediaTypesOptions = {}) {
    this.#codec = options.codec ?? defaultCodec;
  }

  /**
   * Registers a schema for a media type or a `prefix.*` pattern.
   *
   * @throws {WorkerOptionError} for an empty or already registered media type, or a `*` anywhere but a final `.*`
   */
  register(mediaType: string, schema: Schema): this {
    const star = mediaType.indexOf('*');
    const isPattern = mediaType.endsWith(WILDCARD) && star === mediaType.length - 1;
    if (mediaType.trim() === '' || mediaType === WILDCARD || (star >= 0 && !isPattern)) {
      throw new WorkerOptionError(
        `mediaTypes["${mediaType}"]`,
        'expected a media type, or a pattern that ends in ".*" (and has no other "*")',
      );
    }
    if (this.#exact.has(mediaType) || this.#patterns.some((entry) => entry.pattern === mediaType)) {
      throw new WorkerOptionError(`mediaTypes["${mediaType}"]`, 'it is already registered');
    }
    if (isPattern) {
      const prefix = mediaType.slice(0, -1);
      this.#patterns = [...this.#patterns, { prefix, pattern: mediaType, schema }].sort(
        (a, b) => b.prefix.length - a.prefix.length,
      );
    } else {
      this.#exact.set(mediaType, schema);
    }
    return this;
  }

  /** Whether a schema covers `mediaType`. */
  has(mediaType: string): boolean {
    return this.#find(mediaType) !== undefined;
  }

  /**
   * The schema for `mediaType`: the exact one, else the longest matching pattern's.
   *
   * @throws {MediaTypeError} when none covers it
   */
  schemaFor(mediaType: string): Schema {
    const schema = this.#find(mediaType);
    if (schema !== undefined) return schema;
    const registered = [...this.#exact.keys(), ...this.#patterns.map((entry) => entry.pattern)];
    throw new MediaTypeError(
      `no schema for media type "${mediaType}"; registered: ${registered.length > 0 ? registered.join(', ') : '(none)'}`,
    );
  }

  /**
   * Validates an already decoded value against the media type's schema.
   *
   * @returns the schema's output
   * @throws {MediaTypeError} for an unknown media type; `ValidationError` naming the failing fields
   */
  parse(mediaType: string, value: unknown): unknown {
    return parseWith(this.schemaFor(mediaType), value, `message of media type ${mediaType}`);
  }

  /**
   * Validates `value`, then serializes it: what to send.
   *
   * @throws {MediaTypeError} for an unknown media type; `ValidationError` naming the failing fields
   */
  encode(mediaType: string, value: unknown): string {
    return this.#codec.serialize(this.parse(mediaType, value));
  }

  /**
   * Deserializes `text`, then validates it: what was received.
   *
   * @throws {MediaTypeError} for an unknown media type; `ValidationError` naming the failing fields; the
   *   serializer's errors for text that is not valid
   */
  decode(mediaType: string, text: string): unknown {
    const schema = this.schemaFor(mediaType);
    return parseWith(schema, this.#codec.deserialize(text), `message of media type ${mediaType}`);
  }

  #find(mediaType: string): Schema | undefined {
    return (
      this.#exact.get(mediaType) ??
      this.#patterns.find(
        (entry) => mediaType.startsWith(entry.prefix) && mediaType.length > entry.prefix.length,
      )?.schema
    );
  }
}
