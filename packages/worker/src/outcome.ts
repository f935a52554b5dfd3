import { inspect } from 'node:util';
import { ValidationError } from '@sosw/core';
import {
  ClassRegistrationError,
  InvalidOptionError,
  PayloadStorageError,
  SerializerError,
} from '@sosw/serializer';
import { FatalError, RetryLaterError, SkipError, ThrottledError } from './errors.js';

/**
 * What an error means for the task or record that raised it:
 * - `failed`: try again later (the scavenger retries a task; a record goes back to its queue);
 * - `retry_later`: the same, not before `seconds` (a queue record's visibility timeout);
 * - `throttled`: the same, and the work met throttling: an orchestrated task goes back to the queue
 *   without spending its attempt (`ThrottledError`);
 * - `dead`: never try again (a task is buried; a record is dropped, or handed to the dead-letter callback);
 * - `skipped`: nothing to do, and that is fine.
 */
export type ErrorOutcome =
  | { kind: 'failed'; reason: string }
  | { kind: 'retry_later'; reason: string; seconds: number }
  | { kind: 'throttled'; reason: string }
  | { kind: 'dead'; reason: string }
  | { kind: 'skipped'; reason: string };

/**
 * The error as a one-line reason for a report: `FatalError: account 7 does not exist`.
 *
 * @example
 * errorReason(new TypeError('x is undefined')); // 'TypeError: x is undefined'
 * errorReason('boom'); // 'boom'
 */
export function errorReason(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : inspect(error, { breakLength: Number.POSITIVE_INFINITY });
}

/**
 * Decides the flow from the error's type. Invalid input never becomes valid by waiting, so a
 * `ValidationError` (a schema rejected the input) and a serializer error about the data itself (a
 * malformed tag, text that is not JSON, a value nested deeper than the serializer reads, an offloaded
 * payload that is gone or altered, a pointer refused for its bucket, key or size) are `dead`, like a `FatalError`. The nesting bound matters here: without
 * it a body of a few kilobytes (`[[[[...]]]]`) overflowed the decoder's stack, and the `RangeError` came
 * back as `failed` on every receive until the queue's `maxReceiveCount`; `NestingTooDeepError` is `dead`. A `ConfigError` is the deployment's fault, not the input's, so it stays `failed`, as does a
 * `PayloadStorageError` (S3 was unreachable), a serializer set up wrongly, and every error the SDK does not
 * know.
 *
 * @example
 * classifyError(new SkipError('inactive')); // { kind: 'skipped', reason: 'inactive' }
 * classifyError(new RetryLaterError(60)); // { kind: 'retry_later', seconds: 60, reason: 'RetryLaterError: retry in 60 s' }
 * classifyError(new ThrottledError('HTTP 429')); // { kind: 'throttled', reason: 'ThrottledError: HTTP 429' }
 * classifyError(new Error('socket hang up')); // { kind: 'failed', reason: 'Error: socket hang up' }
 */
export function classifyError(error: unknown): ErrorOutcome {
  if (error instanceof SkipError) return { kind: 'skipped', reason: error.message };
  if (error instanceof ThrottledError) return { kind: 'throttled', reason: errorReason(error) };
  if (error instanceof RetryLaterError) {
    return { kind: 'retry_later', reason: errorReason(error), seconds: error.seconds };
  }
  if (error instanceof FatalError || error instanceof ValidationError) {
    return { kind: 'dead', reason: errorReason(error) };
  }
  if (error instanceof SerializerError && !isDeploymentProblem(error)) {
    return { kind: 'dead', reason: errorReason(error) };
  }
  return { kind: 'failed', reason: errorReason(error) };
}

/** Serializer errors that say the deployment is wrong or S3 is unreachable, not that the data is bad. */
function isDeploymentProblem(error: SerializerError): boolean {
  return (
    error instanceof PayloadStorageError ||
    error instanceof InvalidOptionError ||
    error instanceof ClassRegistrationError
  );
}
