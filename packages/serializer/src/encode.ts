import { toBase64 } from './base64.js';
import type { ClassRegistry } from './class-registry.js';
import { MAX_NESTING_DEPTH, TAG_KEY, TAGS } from './constants.js';
import { Decimal } from './decimal.js';
import {
  ClassAdapterError,
  CircularReferenceError,
  NestingTooDeepError,
  UnregisteredClassError,
  UnsupportedValueError,
} from './errors.js';
import { indexPath, propertyPath, ROOT_PATH } from './path.js';
import { PayloadPointer } from './payload-pointer.js';
import type { JsonObject, JsonValue } from './types.js';

/**
 * Turns a value into plain JSON, tagging what JSON cannot carry. Plain JSON comes out as an equal copy,
 * so `JSON.stringify(encodeValue(x))` is `JSON.stringify(x)` for it; the one exception is an object with
 * an own `$sosw` key, which is escaped.
 */
export function encodeValue(value: unknown, registry: ClassRegistry): JsonValue {
  return new Encoder(registry).encode(value, ROOT_PATH, 0);
}

function tagged(tag: string, v?: JsonValue): JsonObject {
  return v === undefined ? { [TAG_KEY]: tag } : { [TAG_KEY]: tag, v };
}

/** Only objects made by `{}` or `Object.create(null)` are plain; everything else is a class instance. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null;
}

function className(value: object): string {
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = prototype?.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : '(anonymous class)';
}

class Encoder {
  // The objects on the way from the root to the current value: meeting one again is a cycle. A value
  // reached twice by different routes (a shared reference) is fine and is simply written twice.
  readonly #ancestors = new Set<object>();

  constructor(readonly registry: ClassRegistry) {}

  /** The JSON of `value`, found at `path`, `depth` levels below the top value. */
  encode(value: unknown, path: string, depth: number): JsonValue {
    // The same bound as decoding: a value nested deeper could be written but never read back.
    if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeepError(path, MAX_NESTING_DEPTH);
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        // -0 becomes 0 as in JSON.stringify: the sign of zero is not worth a tag Python readers must know.
        if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
        return tagged(TAGS.number, String(value));
      case 'bigint':
        return tagged(TAGS.bigint, value.toString());
      case 'undefined':
        return tagged(TAGS.undefined);
      case 'function':
        return this.unsupported('function', path);
      case 'symbol':
        return this.unsupported('symbol', path);
      case 'object':
        if (value === null) return null;
        return this.encodeObject(value, path, depth);
    }
  }

  private unsupported(kind: string, path: string): never {
    throw new UnsupportedValueError(kind, path);
  }

  private encodeObject(value: object, path: string, depth: number): JsonValue {
    if (this.#ancestors.has(value)) throw new CircularReferenceError(path);
    this.#ancestors.add(value);
    try {
      return this.encodeNew(value, path, depth);
    } finally {
      this.#ancestors.delete(value);
    }
  }

  private encodeNew(value: object, path: string, depth: number): JsonValue {
    if (Array.isArray(value)) {
      return Array.from(value as unknown[], (item, i) => this.encode(item, indexPath(path, i), depth + 1));
    }
    // Registered classes first: exact prototype match, so a user may even take over a built-in type.
    const registered = this.registry.forInstance(value);
    if (registered) {
      let json: unknown;
      try {
        json = registered.adapter.toJSON(value);
      } catch (error) {
        throw new ClassAdapterError(registered.name, path, 'toJSON', { cause: error });
      }
      return { [TAG_KEY]: TAGS.class, name: registered.name, v: this.encode(json, path, depth + 1) };
    }
    if (value instanceof Decimal) return tagged(TAGS.decimal, value.value);
    if (value instanceof PayloadPointer) {
      const { bucket, key, bytes, sha256 } = value;
      return { [TAG_KEY]: TAGS.s3, bucket, key, bytes, sha256 };
    }
    if (value instanceof Date) {
      // An invalid date has no ISO text; null keeps it an invalid date on the way back.
      return tagged(TAGS.date, Number.isNaN(value.getTime()) ? null : value.toISOString());
    }
    if (value instanceof Uint8Array) return tagged(TAGS.bytes, toBase64(value));
    if (value instanceof Set) {
      return tagged(
        TAGS.set,
        Array.from(value as Set<unknown>, (item, i) => this.encode(item, indexPath(path, i), depth + 1)),
      );
    }
    if (value instanceof Map) {
      return tagged(
        TAGS.map,
        Array.from(value as Map<unknown, unknown>, ([k, v], i) => {
          const entry = indexPath(path, i);
          return [this.encode(k, `${entry}.key`, depth + 1), this.encode(v, `${entry}.value`, depth + 1)];
        }),
      );
    }
    if (isPlainObject(value)) return this.encodePlainObject(value, path, depth);
    throw new UnregisteredClassError(className(value), path, 'serialize');
  }

  private encodePlainObject(value: object, path: string, depth: number): JsonObject {
    const symbol = Object.getOwnPropertySymbols(value).find((s) =>
      Object.prototype.propertyIsEnumerable.call(value, s),
    );
    if (symbol !== undefined) this.unsupported(`symbol-keyed property (${String(symbol)})`, path);
    const entries: [string, JsonValue][] = [];
    for (const [key, item] of Object.entries(value)) {
      // Like JSON.stringify, an undefined property is left out: `{a: undefined}` reads back as `{}`.
      if (item !== undefined) entries.push([key, this.encode(item, propertyPath(path, key), depth + 1)]);
    }
    // fromEntries defines properties, so a "__proto__" key stays an ordinary key.
    const json: JsonObject = Object.fromEntries(entries);
    return Object.hasOwn(value, TAG_KEY) ? tagged(TAGS.object, json) : json;
  }
}
