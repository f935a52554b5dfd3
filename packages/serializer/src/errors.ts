import { SoswError } from '@sosw/core';

/** The root of every error of `@sosw/serializer`. */
export class SerializerError extends SoswError {}

/** A value has no JSON form here: a function, a symbol, a symbol-keyed property. */
export class UnsupportedValueError extends SerializerError {
  constructor(
    readonly kind: string,
    readonly path: string,
  ) {
    super(
      `Cannot serialize a ${kind} at ${path}: only data crosses the wire (register a class for richer values).`,
    );
  }
}

/** A value contains itself; JSON has no references, so it would never end. */
export class CircularReferenceError extends SerializerError {
  constructor(readonly path: string) {
    super(`Cannot serialize a circular reference at ${path}: the value contains itself.`);
  }
}

/**
 * An instance of a class the codec does not know was serialized, or a `class` tag names a class that is
 * not registered on the decoding side.
 */
export class UnregisteredClassError extends SerializerError {
  constructor(
    readonly className: string,
    readonly path: string,
    direction: 'serialize' | 'deserialize',
  ) {
    super(
      `Cannot ${direction} an instance of class "${className}" at ${path}: it is not registered. ` +
        `Call codec.register('${className}', ${className}, { toJSON, fromJSON }) first.`,
    );
  }
}

/** A tagged object names a tag this codec does not know (a newer writer, or a corrupted payload). */
export class UnknownTagError extends SerializerError {
  constructor(
    readonly tag: string,
    readonly path: string,
  ) {
    super(`Unknown tag "${tag}" at ${path}: this version of @sosw/serializer cannot read it.`);
  }
}

/** A tagged object is not shaped as its tag requires. */
export class MalformedTagError extends SerializerError {
  constructor(
    readonly tag: string,
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Malformed "${tag}" tag at ${path}: ${reason}.`, options);
  }
}

/** The text to deserialize is not JSON, or a value to decode is not a JSON value. */
export class InvalidJsonError extends SerializerError {
  constructor(
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Invalid JSON at ${path}: ${reason}.`, options);
  }
}

/**
 * A value is nested deeper than `limit` levels (`MAX_NESTING_DEPTH`); `path` is the first value found below
 * the limit. Raised before the codec's recursion could overflow the stack, and, as it is about the data,
 * it never goes away by trying again.
 */
export class NestingTooDeepError extends SerializerError {
  constructor(
    readonly path: string,
    readonly limit: number,
  ) {
    super(
      `Value nested deeper than ${limit} levels at ${abbreviatedPath(path)}: ` +
        `flatten it, or offload the nested part as its own payload.`,
    );
  }
}

const PATH_SHOWN = 120;

/** A path short enough for a log line: a deep one keeps its start and its end. */
function abbreviatedPath(path: string): string {
  if (path.length <= PATH_SHOWN * 2) return path;
  return `${path.slice(0, PATH_SHOWN)}…(${path.length - PATH_SHOWN * 2} characters)…${path.slice(-PATH_SHOWN)}`;
}

/** A registered class's `toJSON` or `fromJSON` threw; `cause` is what it threw. */
export class ClassAdapterError extends SerializerError {
  constructor(
    readonly className: string,
    readonly path: string,
    method: 'toJSON' | 'fromJSON',
    options?: ErrorOptions,
  ) {
    super(`The ${method} of registered class "${className}" failed at ${path}.`, options);
  }
}

/** A class cannot be registered: the name or the class is taken, or the name is empty. */
export class ClassRegistrationError extends SerializerError {
  constructor(
    readonly className: string,
    reason: string,
  ) {
    super(`Cannot register class "${className}": ${reason}.`);
  }
}

/** A string is not a decimal number, so it cannot become a `Decimal`. */
export class InvalidDecimalError extends SerializerError {
  constructor(readonly text: string) {
    super(`${JSON.stringify(text)} is not a decimal number (expected e.g. "12.3400", "-5", "1.5E+3").`);
  }
}

/** An option of a serializer component is out of range. */
export class InvalidOptionError extends SerializerError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super(`Invalid option "${option}": ${reason}.`);
  }
}

/** The root of the errors of offloading payloads to S3 and restoring them. */
export class PayloadError extends SerializerError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An offloaded payload is gone from S3 (deleted, expired by a lifecycle rule, or the wrong bucket). */
export class PayloadMissingError extends PayloadError {
  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(
      bucket,
      key,
      `Offloaded payload s3://${bucket}/${key} does not exist (deleted or expired?).`,
      options,
    );
  }
}

/**
 * An offloaded payload is not what its pointer recorded: it was altered after it was written. The subclass
 * says how: {@link PayloadSizeMismatchError} (`check: 'bytes'`) or {@link PayloadContentMismatchError}
 * (`check: 'sha256'`).
 */
export class PayloadIntegrityError extends PayloadError {
  constructor(
    bucket: string,
    key: string,
    readonly check: 'bytes' | 'sha256',
    what: string,
  ) {
    super(bucket, key, `Offloaded payload s3://${bucket}/${key} was altered: ${what}.`);
  }
}

/**
 * The object's size (its `ContentLength`, or the bytes that arrived) differs from the pointer's `bytes`.
 * `actual` is `undefined` when the body ran past `expected` and was dropped before its end.
 */
export class PayloadSizeMismatchError extends PayloadIntegrityError {
  constructor(
    bucket: string,
    key: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(
      bucket,
      key,
      'bytes',
      actual === undefined
        ? `it is longer than the ${expected} bytes the pointer says`
        : `it is ${actual} bytes, the pointer says ${expected}`,
    );
  }
}

/**
 * The object's SHA-256 is not the one its key is named after. The hash it does have is deliberately left
 * out of the message and the fields: a message that printed it would end in a task's dead reason, and a
 * second pointer carrying that hash would then pass the check.
 */
export class PayloadContentMismatchError extends PayloadIntegrityError {
  constructor(bucket: string, key: string) {
    super(bucket, key, 'sha256', 'its content does not match its key');
  }
}

/**
 * Which rule a refused pointer broke: it names another `bucket` than the reader's, its key is outside the
 * reader's `prefix`, its `key` is not the content-hash key the writer makes, or the reader is
 * `unconfigured` (it trusts no bucket at all).
 */
export type PointerRule = 'bucket' | 'prefix' | 'key' | 'unconfigured';

/**
 * A pointer was refused before any S3 call: its bucket and key come from the message, and a reader follows
 * only pointers to the place its own writers use (`s3://<bucket>/<prefix>/<sha256>.json`). Anything else
 * could make the worker read an object it was never meant to hand to a task.
 */
export class PayloadPointerRefusedError extends PayloadError {
  constructor(
    bucket: string,
    key: string,
    readonly rule: PointerRule,
    why: string,
  ) {
    super(bucket, key, `Refused payload pointer s3://${bucket}/${key}: ${why}.`);
  }
}

/** An offloaded payload is larger than `maxBytes`: refused before it is read (or, writing, before it is stored). */
export class PayloadTooLargeError extends PayloadError {
  constructor(
    bucket: string,
    key: string,
    readonly bytes: number,
    readonly maxBytes: number,
    operation: 'put' | 'get' = 'get',
  ) {
    super(
      bucket,
      key,
      `Offloaded payload s3://${bucket}/${key} is ${bytes} bytes, over the limit of ${maxBytes} ` +
        `(maxBytes): it is not ${operation === 'get' ? 'read' : 'written'}.`,
    );
  }
}

/** S3 refused or failed a read or write of a payload; `cause` is the SDK's error. */
export class PayloadStorageError extends PayloadError {
  constructor(bucket: string, key: string, operation: 'put' | 'get', options?: ErrorOptions) {
    const reason =
      options?.cause instanceof Error ? ` (${options.cause.name}: ${options.cause.message})` : '';
    super(bucket, key, `Could not ${operation} payload s3://${bucket}/${key}${reason}.`, options);
  }
}
