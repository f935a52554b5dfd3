import { ClassRegistry } from './class-registry.js';
import { decodeValue } from './decode.js';
import { encodeValue } from './encode.js';
import { InvalidJsonError } from './errors.js';
import { ROOT_PATH } from './path.js';
import type { ClassAdapter, ClassConstructor, JsonValue } from './types.js';

/**
 * Tagged JSON: plain JSON as `JSON.stringify` writes it, plus tagged objects for `Date`, `Set`, `Map`,
 * `bigint`, `Decimal`, `Uint8Array`, `undefined` in collections, non-finite numbers, S3 payload pointers
 * and the classes registered on this codec. Each codec has its own registry; `defaultCodec` is the shared one.
 *
 * @example
 * ```ts
 * class Money {
 *   constructor(readonly currency: string, readonly amount: Decimal) {}
 * }
 * const codec = new Codec().register('Money', Money, {
 *   toJSON: (m) => ({ currency: m.currency, amount: m.amount }),
 *   fromJSON: (json) => {
 *     const { currency, amount } = json as { currency: string; amount: Decimal };
 *     return new Money(currency, amount);
 *   },
 * });
 * const text = codec.serialize({ at: new Date(0), price: new Money('EUR', new Decimal('9.90')) });
 * const back = codec.deserialize(text); // { at: Date, price: Money }
 * ```
 */
export class Codec {
  readonly #registry = new ClassRegistry();

  /**
   * Teaches this codec a class under a wire name. The name, not the JS class name, goes on the wire, so
   * keep it stable; the reading side must register the same name.
   *
   * @throws {ClassRegistrationError} when the name or the class is already registered, or the name is empty.
   */
  register<T>(name: string, type: ClassConstructor<T>, adapter: ClassAdapter<T>): this {
    this.#registry.register(name, type, adapter);
    return this;
  }

  /** The wire names of the registered classes. */
  registeredClasses(): string[] {
    return this.#registry.names();
  }

  /**
   * The value as plain JSON-compatible data, rich values tagged.
   *
   * @throws {UnsupportedValueError} for functions and symbols; {@link CircularReferenceError} for cycles;
   *   {@link UnregisteredClassError} for instances of unregistered classes; {@link ClassAdapterError}
   *   when a registered `toJSON` throws; {@link NestingTooDeepError} for a value nested deeper than
   *   `MAX_NESTING_DEPTH` levels.
   */
  encode(value: unknown): JsonValue {
    return encodeValue(value, this.#registry);
  }

  /**
   * The value a JSON value was encoded from.
   *
   * @throws {UnknownTagError}, {@link MalformedTagError}, {@link UnregisteredClassError},
   *   {@link ClassAdapterError}, {@link InvalidJsonError}, {@link NestingTooDeepError} (a value nested
   *   deeper than `MAX_NESTING_DEPTH` levels, refused before the recursion could overflow the stack): each
   *   names the path where it happened.
   */
  decode(json: JsonValue): unknown {
    return decodeValue(json, this.#registry);
  }

  /** `JSON.stringify(codec.encode(value))`: for plain JSON exactly what `JSON.stringify(value)` gives. */
  serialize(value: unknown): string {
    return JSON.stringify(this.encode(value));
  }

  /**
   * The value `text` was serialized from.
   *
   * @throws {InvalidJsonError} when `text` is not JSON; otherwise what `decode` throws.
   */
  deserialize(text: string): unknown {
    let json: JsonValue;
    try {
      json = JSON.parse(text) as JsonValue;
    } catch (error) {
      throw new InvalidJsonError(ROOT_PATH, `the text does not parse (${(error as Error).message})`, {
        cause: error,
      });
    }
    return this.decode(json);
  }
}

/** The codec behind the module-level `serialize`/`deserialize`; register application-wide classes on it. */
export const defaultCodec = new Codec();

/**
 * Serializes with the default codec.
 *
 * @example
 * ```ts
 * serialize({ n: 1 }); // '{"n":1}', as JSON.stringify
 * serialize({ at: new Date(0) }); // '{"at":{"$sosw":"date","v":"1970-01-01T00:00:00.000Z"}}'
 * ```
 */
export function serialize(value: unknown): string {
  return defaultCodec.serialize(value);
}

/**
 * Deserializes with the default codec.
 *
 * @example
 * ```ts
 * deserialize('{"ids":{"$sosw":"set","v":[1,2]}}'); // { ids: Set {1, 2} }
 * ```
 */
export function deserialize(text: string): unknown {
  return defaultCodec.deserialize(text);
}

/**
 * Encodes with the default codec, to plain JSON-compatible data (for an SDK that stringifies itself).
 *
 * @example
 * ```ts
 * encode(new Map([[1, 'a']])); // { $sosw: 'map', v: [[1, 'a']] }
 * ```
 */
export function encode(value: unknown): JsonValue {
  return defaultCodec.encode(value);
}

/**
 * Decodes with the default codec, from plain JSON-compatible data.
 *
 * @example
 * ```ts
 * decode({ $sosw: 'bigint', v: '12345678901234567890' }); // 12345678901234567890n
 * ```
 */
export function decode(json: JsonValue): unknown {
  return defaultCodec.decode(json);
}
