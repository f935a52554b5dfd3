import type { WorkerContext } from '@sosw/worker';

/** What the echo worker returns: the payload it was given, field for field. */
export type EchoResult = Record<string, unknown>;

/**
 * The echo worker's work: it returns its input unchanged, so the worker-assistant stores each field as the
 * task's `result_<field>`, and counts the fields it echoed as the stat `echoed_fields` (`stat_echoed_fields`).
 *
 * @example
 * import { defineWorker } from '@sosw/worker';
 *
 * export const handler = defineWorker(echo);
 * // a task with payload { greeting: 'hello' } completes with result_greeting = 'hello', stat_echoed_fields = 1
 */
export function echo(input: Record<string, unknown>, context: Pick<WorkerContext, 'stats'>): EchoResult {
  context.stats.increment('echoed_fields', Object.keys(input).length);
  return { ...input };
}
