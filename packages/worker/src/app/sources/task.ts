import type { Schema } from '@sosw/core';
import { defineWorker, type DefineWorkerOptions, type WorkerFunction } from '../../define-worker.js';
import { WorkerOptionError } from '../../errors.js';
import type { LambdaContextLike } from '../../types.js';
import { DuplicateTriggerError } from '../errors.js';
import type { AppSource } from './source.js';

/**
 * The sosw task source: the orchestrator invokes the worker with a task (`task_id` and its payload), and
 * `onTask` handles it exactly as `defineWorker` does, reporting to the worker-assistant. It has no trigger:
 * the orchestrator, not the infra's wiring, decides when it runs.
 */

/** `onTask`'s function and options, as `defineWorker` takes them. */
export interface TaskRegistration {
  fn: WorkerFunction<Schema | undefined, unknown>;
  options: DefineWorkerOptions<Schema | undefined>;
}

/**
 * Checks what `onTask(fn, options)` registers: at most one per app, and a `reportBeforeTimeoutMs` >= 0.
 *
 * @throws {DuplicateTriggerError} when the app has a task handler already
 * @throws {WorkerOptionError} naming `onTask.reportBeforeTimeoutMs` when it is not a number >= 0
 *
 * @example
 * registrations.task.push(taskRegistration(fn, { schema }, registrations.task));
 */
export function taskRegistration<R, S extends Schema | undefined>(
  fn: WorkerFunction<S, R>,
  options: DefineWorkerOptions<S>,
  existing: readonly TaskRegistration[],
): TaskRegistration {
  if (existing.length > 0) {
    throw new DuplicateTriggerError('onTask', 'a task handler is already registered; one per app');
  }
  const reportBeforeTimeoutMs = options.reportBeforeTimeoutMs;
  if (reportBeforeTimeoutMs !== undefined && !(reportBeforeTimeoutMs >= 0)) {
    throw new WorkerOptionError(
      'onTask.reportBeforeTimeoutMs',
      `expected a number >= 0, got ${reportBeforeTimeoutMs}`,
    );
  }
  return { fn, options };
}

/** A task invocation: the orchestrator's event carries `task_id`. */
export const taskSource: AppSource<Record<string, unknown>> = {
  recognise: (event) => (event.task_id !== undefined ? event : undefined),

  dispatcher({ task: [registration] }, tools) {
    let handler: ((event: unknown, context?: LambdaContextLike) => Promise<unknown>) | undefined;
    if (registration !== undefined) {
      const taskOptions = registration.options;
      // The app's logger, unless the task asked for its own (a logger, or a name for one).
      const ownLogger = taskOptions.logger !== undefined || taskOptions.name !== undefined;
      handler = defineWorker(registration.fn, {
        ...(ownLogger ? {} : { logger: tools.logger }),
        ...(tools.options.payloads === undefined ? {} : { payloads: tools.options.payloads }),
        ...taskOptions,
      });
    }
    return async (event, lambdaContext) => {
      if (handler === undefined) {
        throw tools.unclaimed(`a sosw task invocation (task_id ${JSON.stringify(event.task_id)})`);
      }
      return handler(event, lambdaContext);
    };
  },
};
