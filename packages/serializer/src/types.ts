/** A value `JSON.parse` can return and `JSON.stringify` writes back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * How a registered class crosses the wire. `toJSON` returns anything the codec can encode (nested
 * dates, decimals, other registered classes...); `fromJSON` receives that value decoded again.
 */
export interface ClassAdapter<T> {
  toJSON(instance: T): unknown;
  fromJSON(value: unknown): T;
}

/** Any class, including ones with private or abstract constructors. */
export type ClassConstructor<T> = abstract new (...args: never[]) => T;
