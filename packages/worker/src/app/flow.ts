import { ValidationError } from '@sosw/core';
import { classifyError } from '../outcome.js';
import type { WorkerLogger } from '../types.js';
import type { Rejection } from './types.js';

/** What the app needs to apply the error rules to one event or record. */
export interface FlowTools {
  logger: WorkerLogger;
  rejected: ((rejection: Rejection) => Promise<void> | void) | undefined;
}

/**
 * Runs the work for one event or record of a schedule, topic, object, stream or event handler, and lets
 * the error decide what happens, as everywhere in the SDK:
 *
 * - returns, or throws `SkipError`: done;
 * - invalid input (`ValidationError`, an unreadable payload) or `FatalError`: rejected for good. It is
 *   logged with the failing field's path and handed to `rejected`, then counts as done, so Lambda does
 *   not retry what can never succeed. If `rejected` throws, that error is thrown instead, so nothing is lost;
 * - any other error (`RetryableError`, `RetryLaterError`, ...): thrown, so Lambda retries (an async
 *   invoke is retried twice, then goes to its on-failure destination; a stream batch is retried from
 *   this record).
 *
 * @example
 * await runWithFlow({ kind: 'topic', trigger: 'alerts', event: record }, tools, () => fn(message, context));
 */
export async function runWithFlow(
  what: Omit<Rejection, 'error'>,
  tools: FlowTools,
  work: () => unknown,
): Promise<void> {
  const log = { trigger: `${what.kind} "${what.trigger}"` };
  try {
    await work();
  } catch (error) {
    const outcome = classifyError(error);
    switch (outcome.kind) {
      case 'skipped':
        tools.logger.info('event skipped', { ...log, reason: outcome.reason });
        return;
      case 'dead':
        tools.logger.error('event rejected for good: dropped, not retried', {
          ...log,
          reason: outcome.reason,
          ...(error instanceof ValidationError ? { path: error.path } : {}),
        });
        if (tools.rejected !== undefined) await tools.rejected({ ...what, error });
        return;
      case 'retry_later':
      case 'throttled':
      case 'failed':
        tools.logger.error('event failed', { ...log, reason: outcome.reason });
        throw error;
    }
  }
}
