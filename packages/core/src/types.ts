/** A JSON value, as a `config` row's `config_value` holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: the shape of every config document. */
export type JsonObject = { [key: string]: JsonValue };

/** An object whose keys are strings, of unknown values: what `deepMerge` takes and gives. */
export type PlainObject = Record<string, unknown>;
