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

/** Where offloaded payloads live in the bucket unless told otherwise. */
export const DEFAULT_PAYLOAD_PREFIX = 'sosw/payloads';
