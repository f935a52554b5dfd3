import type { WorkerAction } from './event.js';

/**
 * Where the worker-assistant logs. A Powertools `Logger` (what `createHandler` gives) fits, and so does
 * `console`.
 */
export interface WorkerAssistantLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * What became of a report, from task-manager: `completed`, `failed`, `buried`, or why nothing was
 * written (`not_found`: unknown, archived, buried or in retry; `already_completed`; `not_invoked`;
 * `labourer_id_mismatch`: the report named a labourer that is not the task's; `attempt_mismatch`: the
 * report named an attempt that is over, the task claimed again since, or for a throttle, an attempt
 * that is not running any more; `changed`: a task that kept changing under a `mark_task_as_dead`).
 * A throttle is `throttled` (back in the queue, the attempt given back) or `throttled_attempt_spent`
 * (the throttle that made `throttles_before_attempt` in a row: the attempt counts, expired now).
 */
export type ReportOutcome =
  | 'completed'
  | 'failed'
  | 'buried'
  | 'throttled'
  | 'throttled_attempt_spent'
  | 'not_found'
  | 'already_completed'
  | 'not_invoked'
  | 'labourer_id_mismatch'
  | 'attempt_mismatch'
  | 'changed';

/** The worker-assistant's answer to a worker. */
export interface WorkerAssistantResult {
  task_id: string;
  action: WorkerAction;
  outcome: ReportOutcome;
}
