import { SoswError } from '@sosw/core';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from './constants.js';

/**
 * The root of the errors of the worker SDK. Throw its subclasses from a worker function to decide what
 * happens to the task or record: {@link RetryableError}, {@link FatalError}, {@link SkipError},
 * {@link RetryLaterError}. Any other error counts as retryable.
 *
 * @example
 * try {
 *   await handler(event, context);
 * } catch (error) {
 *   if (error instanceof WorkerError) console.log(error.name);
 * }
 */
export class WorkerError extends SoswError {}

/**
 * The work failed, and trying again later may succeed (a throttled API, a timeout). The task is reported
 * `mark_task_as_failed` and the scavenger retries it; a queue record goes back to the queue. Any error that
 * is not a `WorkerError` is treated the same way; throw this one to say so explicitly.
 *
 * @example
 * if (response.status === 503) throw new RetryableError(`stats API answered 503 for account ${account}`);
 */
export class RetryableError extends WorkerError {}

/**
 * The work met throttling: an HTTP 429, a `ThrottlingException`, a database's too many connections.
 * Nothing is wrong with the task, only with now. An orchestrated task goes back to the head of its queue
 * at once without spending its attempt (`mark_task_as_throttled`), and `throttled_at` on its row tells the
 * orchestrator to slow down; every fifth throttle in a row does spend the attempt, so a task that is
 * always throttled is buried by `max_attempts` in the end instead of going round for ever. A queue record
 * or an app's event is retried as for any {@link RetryableError}, which this is.
 *
 * @example
 * if (response.status === 429) throw new ThrottledError(`stats API answered 429 for account ${account}`);
 */
export class ThrottledError extends RetryableError {}

/**
 * The work can never succeed (the account was deleted, the input makes no sense): retrying would only
 * waste attempts. The task is buried now (`mark_task_as_dead`); a queue record is dropped from the queue
 * (and handed to the dead-letter callback, when there is one).
 *
 * @example
 * if (account === undefined) throw new FatalError(`account ${id} does not exist`);
 */
export class FatalError extends WorkerError {}

/**
 * There is nothing to do for this input, and that is fine (already done elsewhere, filtered out). The
 * task is reported completed with `result: { skipped: <message> }`; a queue record is deleted quietly.
 *
 * @example
 * if (!account.active) throw new SkipError(`account ${id} is inactive`);
 */
export class SkipError extends WorkerError {}

/**
 * Try this record again, not before `seconds` from now. A queue worker sets the record's visibility
 * timeout to `seconds` (`ChangeMessageVisibility`) and reports it failed; an orchestrated worker treats it
 * as a {@link RetryableError} (the scavenger's retry delay applies).
 *
 * @example
 * throw new RetryLaterError(120, 'rate limit reached, the API resets in two minutes');
 */
export class RetryLaterError extends RetryableError {
  readonly seconds: number;

  /** @param seconds - a whole number from 0 to 43200 (12 hours, SQS's maximum visibility timeout) */
  constructor(seconds: number, message = `retry in ${seconds} s`, options?: ErrorOptions) {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_VISIBILITY_TIMEOUT_SECONDS) {
      throw new RangeError(
        `RetryLaterError seconds must be a whole number from 0 to ${MAX_VISIBILITY_TIMEOUT_SECONDS}, got ${seconds}`,
      );
    }
    super(message, options);
    this.seconds = seconds;
  }
}

/**
 * A router received a message for a task it does not serve, or a message that names no task. Fatal: the
 * same message will never find its handler.
 *
 * @example
 * new UnknownTaskError('report', ['pull', 'store']).message;
 * // 'no handler for task "report" (from task_name or path); known tasks: pull, store'
 */
export class UnknownTaskError extends FatalError {
  readonly taskName: string | undefined;
  readonly knownTasks: readonly string[];

  constructor(taskName: string | undefined, knownTasks: readonly string[]) {
    const known = knownTasks.length > 0 ? knownTasks.join(', ') : '(none)';
    super(
      taskName === undefined
        ? `the message names no task: give task_name or path (or a callback chain); known tasks: ${known}`
        : `no handler for task "${taskName}" (from task_name or path); known tasks: ${known}`,
    );
    this.taskName = taskName;
    this.knownTasks = knownTasks;
  }
}

/**
 * A result could not be sent on to the next task of its callback chain: no target is configured, or the
 * chain string is malformed. Retryable, so a fixed deployment picks the task up again.
 *
 * @example
 * new ChainError('callback "b" needs a chain target: pass `chain` to defineRouter');
 */
export class ChainError extends WorkerError {}

/**
 * The worker-assistant could not be invoked with a report. The task stays invoked until it expires, and
 * the scavenger retries it: the work may run again.
 *
 * @example
 * new ReportDeliveryError('mark_task_as_completed', 't1', 'sosw_worker_assistant', { cause });
 */
export class ReportDeliveryError extends WorkerError {
  readonly action: string;
  readonly taskId: string;

  constructor(action: string, taskId: string, functionName: string, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.name}: ${options.cause.message}` : '';
    super(`could not report ${action} of task ${taskId} to ${functionName}${cause}`, options);
    this.action = action;
    this.taskId = taskId;
  }
}

/**
 * Every record of an SQS batch failed. Thrown (after the partial-batch response is built) so that Lambda
 * counts the invocation as an error and its SQS poller backs off, instead of taking the next batch at once.
 *
 * @example
 * new FullBatchFailureError(10).message; // 'all 10 records of the batch failed'
 */
export class FullBatchFailureError extends WorkerError {
  readonly records: number;

  constructor(records: number, options?: ErrorOptions) {
    super(`all ${records} records of the batch failed`, options);
    this.records = records;
  }
}

/**
 * A media type has no schema in the registry (neither exactly nor under a `prefix.*` pattern), or a
 * pattern is malformed.
 *
 * @example
 * new MediaTypeError('no schema for media type "application/vnd.x"; registered: application/vnd.sosw.stats.*');
 */
export class MediaTypeError extends FatalError {}

/**
 * An option of `defineWorker`, `defineQueueWorker` or `defineRouter` is invalid. Thrown when the handler is
 * defined, so a bad deployment fails at start-up.
 *
 * @example
 * new WorkerOptionError('concurrency', 'expected a positive whole number, got 0');
 */
export class WorkerOptionError extends WorkerError {
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`worker option ${option} is invalid: ${problem}`);
    this.option = option;
  }
}
