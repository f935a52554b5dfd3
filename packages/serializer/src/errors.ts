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

/** An offloaded payload's size or SHA-256 is not what its pointer recorded: it was altered. */
export class PayloadIntegrityError extends PayloadError {
  constructor(
    bucket: string,
    key: string,
    readonly check: 'bytes' | 'sha256',
    readonly expected: string | number,
    readonly actual: string | number,
  ) {
    super(
      bucket,
      key,
      `Offloaded payload s3://${bucket}/${key} was altered: its ${check} is ${actual}, the pointer says ${expected}.`,
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
