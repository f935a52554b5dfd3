import type { LambdaClient } from '@aws-sdk/client-lambda';
import { createLogger, formatIssues, isPlainObject, Stats, type Schema } from '@sosw/core';
import { DEFAULT_REPORT_BEFORE_TIMEOUT_MS } from './constants.js';
import { SkipError, WorkerOptionError } from './errors.js';
import { idempotentRunner, isRunInProgress, type IdempotencyOptions } from './idempotency.js';
import { assistantKind, reportFor, type AssistantKind } from './assistant-kind.js';
import { claimedAttempt } from './attempt.js';
import { classifyError, errorReason } from './outcome.js';
import { PayloadReader, type PayloadReaderOptions } from './payload-reader.js';
import { WorkerAssistantClient, type WorkerAssistantEvent } from './report.js';
import { splitTaskEvent, type TaskFields } from './task-event.js';
import { remainingMsOf, startTimeoutGuard } from './timeout-guard.js';
import type { BaseContext, InputOf, LambdaContextLike, WorkerLogger } from './types.js';
import { unstorableReportError, withoutUnstorableFields } from './unstorable-report.js';
import { readInput } from './worker-input.js';

/** What an orchestrated worker function receives besides its input. */
export interface WorkerContext extends BaseContext {
  /** The task's id; `undefined` when the worker was invoked directly (no `task_id` in the event). */
  task_id: string | undefined;
  /** The task's attempt: its `attempts` after the claim (1 on the first run); 0 when the event has none. */
  attempt: number;
  /** The task's labourer. */
  labourer_id: string | undefined;
  /** When the task was created (epoch seconds). */
  created_at: number | undefined;
  /** The task's greenfield at the claim. */
  greenfield: number | undefined;
  /** The event as it arrived, task fields included. */
  event: Record<string, unknown>;
}

/** A worker function: the work for one task. Its result (an object) is reported as the task's `result_*`. */
export type WorkerFunction<S extends Schema | undefined, R> = (
  input: InputOf<S>,
  context: WorkerContext,
) => Promise<R> | R;

/** What a handler returns for a task its function skipped (`SkipError`); also the reported result. */
export interface SkippedResult {
  skipped: string;
}

/** Options of {@link defineWorker}. */
export interface DefineWorkerOptions<S extends Schema | undefined = undefined> {
  /** A zod schema of the input (the payload, without the task fields); invalid input is fatal. */
  schema?: S;
  /** The logger's service name; default `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_worker`. */
  name?: string;
  /** The logger; default a Powertools `Logger`. */
  logger?: WorkerLogger;
  /** The worker-assistant's function name; default `SOSW_WORKER_ASSISTANT_NAME`, else `sosw_worker_assistant`. */
  workerAssistantName?: string;
  /**
   * Which worker-assistant that is: ours (`sosw-ts`, the default) or Python sosw's (`sosw-python`), which
   * refuses `mark_task_as_dead` and `mark_task_as_throttled`: they are then sent as `mark_task_as_failed`
   * (see `reportFor`). Default `SOSW_WORKER_ASSISTANT_KIND`, else `sosw-ts`.
   */
  assistant?: AssistantKind;
  /** The Lambda client that invokes the worker-assistant; default `new LambdaClient({})`. */
  lambda?: LambdaClient;
  /** Rethrow the function's error after reporting it; default `true` (Lambda then counts an error). */
  rethrow?: boolean;
  /** Run the function at most once per task attempt, with Powertools idempotency on this DynamoDB table. */
  idempotency?: IdempotencyOptions;
  /** Report `mark_task_as_failed` when the function is still running this many ms before Lambda's timeout; default 5000. */
  reportBeforeTimeoutMs?: number;
  /** How the input is decoded: the codec, and the offloader whose bucket and prefix offloaded payloads may come from. */
  payloads?: PayloadReaderOptions;
}

/** The Lambda handler `defineWorker` returns: the function's result, `{ skipped }`, or `undefined` (`rethrow: false`). */
export type WorkerHandler<R> = (
  event: unknown,
  context?: LambdaContextLike,
) => Promise<R | SkippedResult | undefined>;

/**
 * A worker's result as the report's `result` (stored as `result_<key>`): an object as it is, nothing for
 * `undefined` or `null`, anything else as `{ value: result }`.
 *
 * @example
 * reportResult({ rows: 3 }); // { rows: 3 }
 * reportResult(42); // { value: 42 }
 * reportResult(undefined); // undefined
 */
export function reportResult(result: unknown): Record<string, unknown> | undefined {
  if (result === undefined || result === null) return undefined;
  return isPlainObject(result) ? result : { value: result };
}

/**
 * Builds the Lambda handler of an orchestrated (sosw-style) worker. The event is the task's payload with
 * the task's fields over it; `fn` receives the payload (decoded, validated by `schema`) and a context with
 * the task fields, `remainingMs()`, a logger, `stats` and an abort `signal`. Then the SDK invokes the
 * worker-assistant asynchronously with the outcome, decided by what `fn` did:
 *
 * | `fn`                                                      | report                                                       | handler                    |
 * | --------------------------------------------------------- | ------------------------------------------------------------ | -------------------------- |
 * | returns `result`                                          | `mark_task_as_completed` with `stats`, `result`              | returns `result`           |
 * | returns a `result` (or has `stats`) that cannot be stored | `mark_task_as_dead`, `reason` naming the field and limit     | throws a `ValidationError` |
 * | throws `SkipError`                                        | `mark_task_as_completed` with `result: { skipped: message }` | returns `{ skipped }`      |
 * | throws `FatalError`; input fails `schema`                 | `mark_task_as_dead` with `reason`                            | rethrows                   |
 * | throws `ThrottledError`                                   | `mark_task_as_throttled` with `reason`                       | rethrows                   |
 * | throws anything else (`RetryableError`, `Error`, ...)     | `mark_task_as_failed` with `reason`                          | rethrows                   |
 * | still running `reportBeforeTimeoutMs` before timeout      | `mark_task_as_failed` with a timeout `reason` (once)         | keeps waiting              |
 *
 * Every report carries `task_id`, `labourer_id` and `stats` (`context.stats.current()`). Before it is sent,
 * a report is checked by core's `reportFlaws` (`REPORT_LIMITS`), the rule the worker-assistant refuses
 * reports by: a completion it would refuse buries the task instead (the same result would be refused on
 * every retry), and a failure or death is sent without the `stats` it would refuse. `rethrow: false`
 * returns `undefined` instead of rethrowing. An event without `task_id` (a direct invocation) just runs
 * `fn` and reports nothing. With `idempotency`, a second delivery of the same task attempt returns the
 * stored result (and reports it) without running `fn`; a delivery that arrives while the first is still
 * running reports nothing and returns `undefined`.
 *
 * @throws {ReportDeliveryError} when the completion cannot be reported (the task will expire and be retried)
 *
 * @example
 * import { defineWorker, FatalError } from '@sosw/worker';
 * import * as z from 'zod';
 *
 * export const handler = defineWorker(
 *   async ({ account }, { stats, logger }) => {
 *     const rows = await pullStats(account);
 *     stats.increment('rows', rows.length);
 *     return { rows: rows.length };
 *   },
 *   { schema: z.object({ account: z.number().int() }) },
 * );
 */
export function defineWorker<R, S extends Schema | undefined = undefined>(
  fn: WorkerFunction<S, R>,
  options: DefineWorkerOptions<S> = {},
): WorkerHandler<R> {
  const reportBeforeTimeoutMs = options.reportBeforeTimeoutMs ?? DEFAULT_REPORT_BEFORE_TIMEOUT_MS;
  if (!Number.isFinite(reportBeforeTimeoutMs) || reportBeforeTimeoutMs < 0) {
    throw new WorkerOptionError(
      'reportBeforeTimeoutMs',
      `expected a number >= 0, got ${reportBeforeTimeoutMs}`,
    );
  }
  const logger =
    options.logger ?? createLogger(options.name ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'sosw_worker');
  const assistant = new WorkerAssistantClient({
    ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
    ...(options.workerAssistantName === undefined ? {} : { functionName: options.workerAssistantName }),
  });
  const kind = assistantKind(options.assistant);
  const reader = new PayloadReader(options.payloads);
  const runOnce = options.idempotency === undefined ? undefined : idempotentRunner(options.idempotency);
  const rethrow = options.rethrow ?? true;

  const contextFor = (
    event: Record<string, unknown>,
    task: TaskFields | undefined,
    lambdaContext: LambdaContextLike | undefined,
    signal: AbortSignal,
    stats = new Stats(),
  ): WorkerContext => ({
    task_id: task?.task_id,
    attempt: task?.attempts ?? 0,
    labourer_id: task?.labourer_id,
    created_at: task?.created_at,
    greenfield: task?.greenfield,
    event,
    remainingMs: remainingMsOf(lambdaContext),
    logger,
    stats,
    signal,
    lambdaContext,
  });

  const run = async (raw: unknown, context: WorkerContext): Promise<R> => {
    const what = context.task_id === undefined ? 'worker input' : `input of task ${context.task_id}`;
    const input = (await readInput(reader, raw, options.schema, what)) as InputOf<S>;
    const work = async () => ({ result: await fn(input, context), stats: context.stats.current() });
    if (runOnce === undefined || context.task_id === undefined) return (await work()).result;
    const stored = await runOnce(
      { task_id: context.task_id, attempt: context.attempt },
      context.lambdaContext,
      work,
    );
    // A replayed run reports the stats of the run that did the work.
    for (const [name, count] of Object.entries(stored.stats)) {
      if (context.stats.current()[name] === undefined) context.stats.increment(name, count);
    }
    return stored.result;
  };

  return async (event, lambdaContext) => {
    const { task, payload } = splitTaskEvent(event);
    const eventObject = event as Record<string, unknown>;
    if (task === undefined) {
      const context = contextFor(eventObject, undefined, lambdaContext, new AbortController().signal);
      try {
        return await run(payload, context);
      } catch (error) {
        if (error instanceof SkipError) return { skipped: error.message };
        throw error;
      }
    }

    // Every report names the task, its labourer and, when the event says, the attempt: a late report of
    // an attempt that is over then changes nothing (the worker-assistant's write is bound to it).
    const base = {
      task_id: task.task_id,
      labourer_id: task.labourer_id,
      ...claimedAttempt(task, Date.now() / 1000),
    };
    const log = { task_id: task.task_id, labourer_id: task.labourer_id, attempt: task.attempts };
    const stats = new Stats();
    const statsNow = () => stats.current();
    const guard = startTimeoutGuard({
      remainingMs: remainingMsOf(lambdaContext),
      reportBeforeTimeoutMs,
      onTimeout: async () => {
        const reason = `timeout: the worker was still running with fewer than ${reportBeforeTimeoutMs} ms of its invocation left`;
        logger.warn('task about to time out: reporting it failed', { ...log, reason });
        try {
          await send({ ...base, action: 'mark_task_as_failed', stats: statsNow(), reason });
        } catch (error) {
          logger.error('could not report the timeout', { ...log, error: errorReason(error) });
        }
      },
    });
    const context = contextFor(eventObject, task, lambdaContext, guard.signal, stats);

    let result: R;
    try {
      result = await run(payload, context);
    } catch (error) {
      guard.stop();
      await guard.settled;
      return handleError(error);
    }
    guard.stop();
    await guard.settled;
    const report: WorkerAssistantEvent = { ...base, action: 'mark_task_as_completed', stats: statsNow() };
    const reported = reportResult(result);
    if (reported !== undefined) report.result = reported;
    // The worker-assistant would refuse it, asynchronously, where nobody looks: the task would expire and
    // be retried until it died, with no reason given. Bury it now, saying which field broke which limit.
    const unstorable = unstorableReportError(report);
    if (unstorable !== undefined) return handleError(unstorable);
    await assistant.report(report);
    logger.info('task completed', log);
    return result;

    /**
     * Sends a failure, death, throttle or skip as the worker-assistant of `kind` understands it, leaving out
     * the stats (or result) it would refuse.
     */
    async function send(report: WorkerAssistantEvent): Promise<void> {
      const { report: sendable, leftOut } = withoutUnstorableFields(reportFor(kind, report));
      if (leftOut.length > 0) {
        logger.error('report fields that cannot be stored are left out of the report', {
          ...log,
          action: report.action,
          left_out: formatIssues(leftOut),
        });
      }
      await assistant.report(sendable);
    }

    async function handleError(error: unknown): Promise<SkippedResult | undefined> {
      if (isRunInProgress(error)) {
        // Another invocation is running this very attempt; it will report. Not this task's failure.
        logger.warn('task attempt already in progress elsewhere: nothing reported', log);
        return undefined;
      }
      const outcome = classifyError(error);
      let report: WorkerAssistantEvent | undefined;
      if (outcome.kind === 'skipped') {
        report = {
          ...base,
          action: 'mark_task_as_completed',
          stats: statsNow(),
          result: { skipped: outcome.reason },
        };
      } else if (outcome.kind === 'dead') {
        report = { ...base, action: 'mark_task_as_dead', stats: statsNow(), reason: outcome.reason };
      } else if (outcome.kind === 'throttled' && !guard.fired && base.attempts !== undefined) {
        // Back to the queue, the attempt given back. Only for an attempt the event names: the
        // worker-assistant puts back the attempt that is running, never one it has to guess.
        report = { ...base, action: 'mark_task_as_throttled', stats: statsNow(), reason: outcome.reason };
      } else if (!guard.fired) {
        // After the timeout guard reported this attempt failed, a second failure report would be noise.
        report = { ...base, action: 'mark_task_as_failed', stats: statsNow(), reason: outcome.reason };
      }
      const level = outcome.kind === 'skipped' ? 'info' : outcome.kind === 'throttled' ? 'warn' : 'error';
      logger[level](`task ${outcome.kind}`, { ...log, reason: outcome.reason });
      if (report !== undefined) {
        try {
          await send(report);
        } catch (reportError) {
          logger.error('could not report the outcome', { ...log, error: errorReason(reportError) });
          if (outcome.kind === 'skipped' || !rethrow) throw reportError;
        }
      }
      if (outcome.kind === 'skipped') return { skipped: outcome.reason };
      if (rethrow) throw error;
      return undefined;
    }
  };
}
