import { fromBase64 } from './base64.js';
import type { ClassRegistry } from './class-registry.js';
import { MAX_NESTING_DEPTH, TAG_KEY, TAGS } from './constants.js';
import { Decimal } from './decimal.js';
import {
  ClassAdapterError,
  InvalidJsonError,
  MalformedTagError,
  NestingTooDeepError,
  UnknownTagError,
  UnregisteredClassError,
} from './errors.js';
import { indexPath, propertyPath, ROOT_PATH } from './path.js';
import { PayloadPointer } from './payload-pointer.js';

type Fields = Record<string, unknown>;

const INTEGER = /^-?\d+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * Turns plain JSON (as `JSON.parse` returns it) back into the value it was encoded from: tagged objects
 * become dates, sets, maps, bigints, decimals, bytes, registered class instances, pointers.
 *
 * @throws {NestingTooDeepError} for a value nested deeper than `MAX_NESTING_DEPTH`, before the recursion
 *   could overflow the stack
 */
export function decodeValue(json: unknown, registry: ClassRegistry): unknown {
  return new Decoder(registry).decode(json, ROOT_PATH, 0);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Decoder {
  constructor(readonly registry: ClassRegistry) {}

  /** The value of `json`, found at `path`, `depth` levels below the top value. */
  decode(json: unknown, path: string, depth: number): unknown {
    if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeepError(path, MAX_NESTING_DEPTH);
    switch (typeof json) {
      case 'string':
      case 'boolean':
        return json;
      case 'number':
        if (!Number.isFinite(json)) throw new InvalidJsonError(path, `${json} is not a JSON number`);
        return json;
      case 'object':
        if (json === null) return null;
        if (Array.isArray(json)) {
          return json.map((item: unknown, i) => this.decode(item, indexPath(path, i), depth + 1));
        }
        return Object.hasOwn(json, TAG_KEY)
          ? this.decodeTagged(json as Fields, path, depth)
          : this.decodeFields(json as Fields, path, depth);
      default:
        throw new InvalidJsonError(path, `a ${typeof json} is not a JSON value`);
    }
  }

  /** An ordinary object: every key literal, every value decoded. */
  private decodeFields(json: Fields, path: string, depth: number): Record<string, unknown> {
    if (Object.getPrototypeOf(json) !== Object.prototype && Object.getPrototypeOf(json) !== null) {
      throw new InvalidJsonError(path, 'a class instance is not a JSON value');
    }
    // fromEntries defines properties, so a "__proto__" key cannot replace the prototype.
    return Object.fromEntries(
      Object.entries(json).map(([key, v]) => [key, this.decode(v, propertyPath(path, key), depth + 1)]),
    );
  }

  private decodeTagged(json: Fields, path: string, depth: number): unknown {
    const tag = json[TAG_KEY];
    if (typeof tag !== 'string') {
      throw new MalformedTagError(String(tag), path, `the "${TAG_KEY}" key must hold a string tag`);
    }
    switch (tag) {
      case TAGS.object: {
        const v = this.fields(json, tag, path, ['v']).v;
        if (!isObject(v)) throw new MalformedTagError(tag, path, '"v" must be an object');
        return this.decodeFields(v, path, depth);
      }
      case TAGS.undefined:
        this.fields(json, tag, path, []);
        return undefined;
      case TAGS.number: {
        const v = this.stringField(json, tag, path);
        const number = NON_FINITE[v];
        if (number === undefined)
          throw new MalformedTagError(tag, path, `"v" must be "NaN", "Infinity" or "-Infinity"`);
        return number;
      }
      case TAGS.bigint: {
        const v = this.stringField(json, tag, path);
        if (!INTEGER.test(v))
          throw new MalformedTagError(tag, path, `"v" must be an integer, got ${JSON.stringify(v)}`);
        return BigInt(v);
      }
      case TAGS.decimal: {
        const v = this.stringField(json, tag, path);
        if (!Decimal.isValid(v))
          throw new MalformedTagError(tag, path, `"v" must be a decimal, got ${JSON.stringify(v)}`);
        return new Decimal(v);
      }
      case TAGS.date:
        return this.decodeDate(json, path);
      case TAGS.bytes: {
        const bytes = fromBase64(this.stringField(json, tag, path));
        if (bytes === undefined) throw new MalformedTagError(tag, path, '"v" must be padded standard base64');
        return bytes;
      }
      case TAGS.set:
        return new Set(
          this.arrayField(json, tag, path).map((item, i) => this.decode(item, indexPath(path, i), depth + 1)),
        );
      case TAGS.map:
        return this.decodeMap(json, path, depth);
      case TAGS.class:
        return this.decodeClass(json, path, depth);
      case TAGS.s3:
        return this.decodePointer(json, path);
      default:
        throw new UnknownTagError(tag, path);
    }
  }

  /** The fields of a tagged object, after checking it has exactly `$sosw` and `keys`: extra keys mean corruption. */
  private fields(json: Fields, tag: string, path: string, keys: readonly string[]): Fields {
    const expected = new Set([TAG_KEY, ...keys]);
    const actual = Object.keys(json);
    const extra = actual.filter((key) => !expected.has(key));
    const missing = [...expected].filter((key) => !Object.hasOwn(json, key));
    if (extra.length > 0 || missing.length > 0) {
      const problems = [
        ...(missing.length > 0 ? [`missing ${missing.map((k) => `"${k}"`).join(', ')}`] : []),
        ...(extra.length > 0 ? [`unexpected ${extra.map((k) => `"${k}"`).join(', ')}`] : []),
      ];
      throw new MalformedTagError(tag, path, problems.join('; '));
    }
    return json;
  }

  private stringField(json: Fields, tag: string, path: string): string {
    const v = this.fields(json, tag, path, ['v']).v;
    if (typeof v !== 'string') throw new MalformedTagError(tag, path, '"v" must be a string');
    return v;
  }

  private arrayField(json: Fields, tag: string, path: string): unknown[] {
    const v = this.fields(json, tag, path, ['v']).v;
    if (!Array.isArray(v)) throw new MalformedTagError(tag, path, '"v" must be an array');
    return v as unknown[];
  }

  private decodeDate(json: Fields, path: string): Date {
    const v = this.fields(json, TAGS.date, path, ['v']).v;
    if (v === null) return new Date(Number.NaN);
    if (typeof v !== 'string')
      throw new MalformedTagError(TAGS.date, path, '"v" must be an ISO 8601 string or null');
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      throw new MalformedTagError(TAGS.date, path, `"v" is not a date: ${JSON.stringify(v)}`);
    }
    return date;
  }

  private decodeMap(json: Fields, path: string, depth: number): Map<unknown, unknown> {
    const entries = this.arrayField(json, TAGS.map, path);
    return new Map(
      entries.map((entry, i) => {
        const at = indexPath(path, i);
        if (!Array.isArray(entry) || entry.length !== 2) {
          throw new MalformedTagError(TAGS.map, at, 'each entry must be a [key, value] pair');
        }
        const [key, value] = entry as [unknown, unknown];
        return [this.decode(key, `${at}.key`, depth + 1), this.decode(value, `${at}.value`, depth + 1)];
      }),
    );
  }

  private decodeClass(json: Fields, path: string, depth: number): unknown {
    const { name, v } = this.fields(json, TAGS.class, path, ['name', 'v']);
    if (typeof name !== 'string') throw new MalformedTagError(TAGS.class, path, '"name" must be a string');
    const registered = this.registry.forName(name);
    if (!registered) throw new UnregisteredClassError(name, path, 'deserialize');
    const value = this.decode(v, path, depth + 1);
    try {
      return registered.adapter.fromJSON(value);
    } catch (error) {
      throw new ClassAdapterError(name, path, 'fromJSON', { cause: error });
    }
  }

  private decodePointer(json: Fields, path: string): PayloadPointer {
    const { bucket, key, bytes, sha256 } = this.fields(json, TAGS.s3, path, [
      'bucket',
      'key',
      'bytes',
      'sha256',
    ]);
    if (typeof bucket !== 'string' || bucket === '') {
      throw new MalformedTagError(TAGS.s3, path, '"bucket" must be a non-empty string');
    }
    if (typeof key !== 'string' || key === '')
      throw new MalformedTagError(TAGS.s3, path, '"key" must be a non-empty string');
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
      throw new MalformedTagError(TAGS.s3, path, '"bytes" must be a non-negative integer');
    }
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      throw new MalformedTagError(TAGS.s3, path, '"sha256" must be 64 lowercase hex digits');
    }
    return new PayloadPointer(bucket, key, bytes, sha256);
  }
}
