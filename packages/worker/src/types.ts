import type { Schema, Stats } from '@sosw/core';
import type * as z from 'zod';

/** What the SDK logs with: Powertools' `Logger` fits, and so does `console`. */
export interface WorkerLogger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/**
 * The Lambda context as the SDK uses it (Lambda's `Context` fits). Every field is optional so a worker can
 * be called directly in a test; without `getRemainingTimeInMillis` there is no deadline (`remainingMs()`
 * is `Infinity`).
 */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
  functionName?: string;
  awsRequestId?: string;
}

/** What every worker function receives in its context, whatever fed it (an orchestrator or a queue). */
export interface BaseContext {
  /** Milliseconds left before Lambda stops this invocation; `Infinity` outside Lambda. */
  remainingMs(): number;
  /** The worker's logger. */
  logger: WorkerLogger;
  /** Counters of this invocation; an orchestrated worker reports them as the task's `stat_*`. */
  stats: Stats;
  /** Aborted when the worker should stop: the orchestrated worker's early-timeout guard fired. */
  signal: AbortSignal;
  /** Lambda's own context, when there is one. */
  lambdaContext: LambdaContextLike | undefined;
}

/** The input of a worker function: the schema's output, or a plain object without a schema. */
export type InputOf<S extends Schema | undefined> = S extends Schema
  ? z.core.output<S>
  : Record<string, unknown>;
