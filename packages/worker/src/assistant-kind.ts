import { WorkerOptionError } from './errors.js';
import type { WorkerAssistantEvent } from './report.js';

/**
 * Which worker-assistant the reports go to: ours (`sosw-ts`), which takes every action, or Python sosw's
 * (`sosw-python`), which takes `mark_task_as_completed` and `mark_task_as_failed` only and refuses the
 * rest ("Action `mark_task_as_dead` is not supported"), so the task would wait, unreported, for its
 * attempt to expire. A mixed fleet says which it runs, per worker or for the whole deployment.
 */
export const ASSISTANT_KINDS = ['sosw-ts', 'sosw-python'] as const;

export type AssistantKind = (typeof ASSISTANT_KINDS)[number];

/** The environment variable that says which worker-assistant the reports go to, when the option does not. */
export const WORKER_ASSISTANT_KIND_ENV = 'SOSW_WORKER_ASSISTANT_KIND';

/**
 * The worker-assistant's kind: the option, else `SOSW_WORKER_ASSISTANT_KIND`, else `sosw-ts`. An empty
 * value counts as not given.
 *
 * @throws {WorkerOptionError} naming `assistant` (or the variable) when the value is not a known kind
 *
 * @example
 * assistantKind(undefined, { SOSW_WORKER_ASSISTANT_KIND: 'sosw-python' }); // 'sosw-python'
 * assistantKind(undefined, {}); // 'sosw-ts'
 */
export function assistantKind(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AssistantKind {
  for (const [where, value] of [
    ['assistant', option],
    [WORKER_ASSISTANT_KIND_ENV, env[WORKER_ASSISTANT_KIND_ENV]],
  ] as const) {
    if (value === undefined || value.trim() === '') continue;
    const kind = ASSISTANT_KINDS.find((known) => known === value.trim());
    if (kind !== undefined) return kind;
    throw new WorkerOptionError(
      where,
      `expected ${ASSISTANT_KINDS.map((known) => `"${known}"`).join(' or ')}, got ${JSON.stringify(value)}`,
    );
  }
  return 'sosw-ts';
}

/**
 * A report as the worker-assistant of `kind` understands it. Ours takes every report as it is. Python
 * sosw's knows only completions and failures, so a death or a throttle goes as `mark_task_as_failed`,
 * with what happened in `result` (it stores `result_*`, and ignores `reason`): `{ error, fatal: true }`
 * or `{ error, throttled: true }`. It cannot bury a task nor give an attempt back: the task waits to
 * expire, and its scavenger retries it until `max_attempts`, each retry of a fatal error failing again.
 *
 * @example
 * reportFor('sosw-python', { action: 'mark_task_as_dead', task_id: 't1', labourer_id: 'w', reason: 'FatalError: x' });
 * // { action: 'mark_task_as_failed', task_id: 't1', labourer_id: 'w', reason: 'FatalError: x', result: { error: 'FatalError: x', fatal: true } }
 */
export function reportFor(kind: AssistantKind, report: WorkerAssistantEvent): WorkerAssistantEvent {
  if (kind === 'sosw-ts') return report;
  const what =
    report.action === 'mark_task_as_dead'
      ? { fatal: true }
      : report.action === 'mark_task_as_throttled'
        ? { throttled: true }
        : undefined;
  if (what === undefined) return report;
  return {
    ...report,
    action: 'mark_task_as_failed',
    result: { ...report.result, ...(report.reason !== undefined && { error: report.reason }), ...what },
  };
}
