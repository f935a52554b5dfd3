/**
 * The key that marks a tagged value: `{"$sosw": "date", "v": "..."}`. A `$` key is rare in business data,
 * and a user object that has one anyway is escaped (tag `object`), so it still round-trips.
 */
export const TAG_KEY = '$sosw';

/** The tags of the wire format, one per kind of value plain JSON cannot carry. */
export const TAGS = {
  /** An ordinary object whose own keys include `$sosw`: its keys are taken literally. */
  object: 'object',
  date: 'date',
  set: 'set',
  map: 'map',
  bigint: 'bigint',
  decimal: 'decimal',
  bytes: 'bytes',
  undefined: 'undefined',
  /** `NaN`, `Infinity` and `-Infinity`, which `JSON.stringify` would turn into `null`. */
  number: 'number',
  /** An instance of a class registered with a codec. */
  class: 'class',
  /** A pointer to a payload stored in S3. */
  s3: 's3',
} as const;

export type Tag = (typeof TAGS)[keyof typeof TAGS];

/** Payloads whose serialized UTF-8 text is larger than this go to S3: 200 KB, under Lambda's 256 KB async limit. */
export const DEFAULT_THRESHOLD_BYTES = 200 * 1024;

/**
 * The largest offloaded payload a `PayloadOffloader` writes or reads, in bytes of UTF-8: 16 MiB. A pointer
 * travels in a message anyone who can send to the queue or invoke the Lambda may write, so its size must be
 * bounded before a byte is read. 16 MiB is 80 times the offload threshold (a job's input, not bulk data),
 * and its decoded value still fits a small Lambda's memory; raise it with the `maxBytes` option.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** Where offloaded payloads live in the bucket unless told otherwise. */
export const DEFAULT_PAYLOAD_PREFIX = 'sosw/payloads';

/**
 * How deep a value may be nested, in levels below the top value: the items of an array or set, the keys
 * and values of a map, the properties of an object and the `toJSON` value of a registered class are each
 * one level below their container. Both directions refuse deeper values (`NestingTooDeepError`), so what is
 * written can be read. The codec recurses once per level, and a body a few kilobytes long can nest
 * thousands of levels (`[[[[...]]]]`), enough to overflow the stack; 100 levels leave a wide margin under
 * that, at any stack depth a handler is called from, and are far more than real payloads use.
 */
export const MAX_NESTING_DEPTH = 100;
