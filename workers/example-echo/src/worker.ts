import { defineWorker, type DefineWorkerOptions, type WorkerHandler } from '@sosw/worker';
import { echo, type EchoResult } from './echo.js';
import { LABOURER_ID } from './labourer.js';

/**
 * The echo worker's Lambda handler, built by `defineWorker`. Options go to `defineWorker` as they are
 * (a logger, a Lambda client, the worker-assistant's name, ...); the deployed `handler` uses none.
 *
 * @example
 * export const handler = echoWorker();
 * await handler({ task_id: 't1', labourer_id: 'example_echo', attempts: 1, greeting: 'hello' });
 * // reports { action: 'mark_task_as_completed', task_id: 't1', stats: { echoed_fields: 1 }, result: { greeting: 'hello' } }
 */
export function echoWorker(options: DefineWorkerOptions = {}): WorkerHandler<EchoResult> {
  return defineWorker(echo, { name: LABOURER_ID, ...options });
}
