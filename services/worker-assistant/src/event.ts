import { parseWith, reportFlaws, ValidationError, type ReportFields } from '@sosw/core';
import * as z from 'zod';

/**
 * What a worker may report. The first two are Python sosw's, so Python workers work unchanged;
 * `mark_task_as_dead` is the worker SDK's fatal error: no retry can help, bury the task now;
 * `mark_task_as_throttled` is its `ThrottledError`: the task goes back to the queue without spending
 * its attempt.
 */
export const WORKER_ACTIONS = [
  'mark_task_as_completed',
  'mark_task_as_failed',
  'mark_task_as_dead',
  'mark_task_as_throttled',
] as const;

export type WorkerAction = (typeof WORKER_ACTIONS)[number];

/**
 * A worker's `stats` or `result`: an object, or a JSON string of one (Python workers send
 * `json.dumps(...)`). `null` counts as absent, as in sosw.
 */
const reportSchema = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'expected an object or a JSON string of one, got a string that is not JSON',
        input: value,
      });
      return z.NEVER;
    }
  })
  .pipe(z.looseObject({}).nullish())
  .transform((value) => value ?? undefined);

/**
 * Refuses `stats` and `result` that DynamoDB (or the SDK) would refuse to store, naming the value's path
 * (`stats.n`, `result.a[""]`): the rule is core's `reportFlaws` (`REPORT_LIMITS`), the one the worker SDK
 * checks before sending. Nothing is read or written for such a report.
 */
function refuseUnstorableReports(event: ReportFields, ctx: z.RefinementCtx): void {
  for (const { path, message } of reportFlaws(event)) ctx.addIssue({ code: 'custom', message, path });
}

/** The fields of an event that say whose task and which attempt. */
interface Identity {
  action: WorkerAction;
  labourer_id?: string | undefined;
  attempts?: number | undefined;
  greenfield?: number | undefined;
}

/**
 * A report that names its attempt comes from our worker SDK, which always knows its labourer: without
 * `labourer_id` it would be checked against nobody's task. Python sosw's reports name neither.
 * `mark_task_as_throttled` (ours only) puts the running attempt back in the queue, so it must say which
 * attempt that is, and whose.
 */
function requireIdentity(event: Identity, ctx: z.RefinementCtx): void {
  if (event.action === 'mark_task_as_throttled') {
    for (const field of ['labourer_id', 'attempts', 'greenfield'] as const) {
      if (event[field] === undefined) {
        ctx.addIssue({ code: 'custom', message: 'required for mark_task_as_throttled', path: [field] });
      }
    }
    return;
  }
  if (event.labourer_id !== undefined) return;
  if (event.attempts === undefined && event.greenfield === undefined) return;
  ctx.addIssue({
    code: 'custom',
    message: 'required when the report names its attempt (attempts, greenfield)',
    path: ['labourer_id'],
  });
}

/**
 * The worker-assistant's event, in sosw's shape: `{ action, task_id, labourer_id?, stats?, result?, reason? }`,
 * and ours, `attempts?` and `greenfield?`: the attempt the report is about. Other fields are ignored, as
 * sosw ignores them. `stats` and `result` must be storable (`REPORT_LIMITS`), whatever the action.
 */
export const workerEventSchema = z
  .object({
    action: z.enum(WORKER_ACTIONS),
    task_id: z.string().min(1),
    /** The task's labourer, when the worker knows it (the worker SDK sends it): saves a read. */
    labourer_id: z.string().min(1).optional(),
    stats: reportSchema.optional(),
    result: reportSchema.optional(),
    /**
     * Why the worker gave up on the task (`mark_task_as_dead`: written in its `archived_dead` meta row) or
     * let it go (`mark_task_as_throttled`: in its `throttled` meta row).
     */
    reason: z.string().optional(),
    /**
     * The task's `attempts` after the claim the worker ran for (the worker SDK sends it with `greenfield`):
     * the report is then written only while the task is in that attempt, else rejected as `attempt_mismatch`.
     */
    attempts: z.number().int().min(1).optional(),
    /** The greenfield of that claim, `attempts`' twin: tells apart two claims with the same `attempts`. */
    greenfield: z.number().optional(),
  })
  .superRefine((event, ctx) => {
    refuseUnstorableReports(event, ctx);
    requireIdentity(event, ctx);
  });

/** A worker's report after parsing: `stats` and `result` are objects. */
export type WorkerEvent = z.output<typeof workerEventSchema>;
/** A worker's report as sent. */
export type WorkerEventInput = z.input<typeof workerEventSchema>;

/**
 * Parses a worker's report: an object, or its JSON text (as some clients send the payload).
 *
 * @throws ValidationError naming each bad field: `task_id: expected string, got number`,
 * `action: expected one of "mark_task_as_completed" | ..., got "mark_task_as_done"`,
 * `stats.n: number 1e+200 cannot be stored: ...`
 *
 * @example
 * parseWorkerEvent('{"action":"mark_task_as_completed","task_id":"t1","stats":"{\\"rows\\":5}"}');
 * // { action: 'mark_task_as_completed', task_id: 't1', stats: { rows: 5 } }
 */
export function parseWorkerEvent(event: unknown): WorkerEvent {
  let value = event;
  if (typeof event === 'string') {
    try {
      value = JSON.parse(event) as unknown;
    } catch (error) {
      throw new ValidationError(
        'event of the worker-assistant is invalid: (root): a string that is not JSON',
        [{ path: '(root)', message: 'a string that is not JSON' }],
        { cause: error },
      );
    }
  }
  return parseWith(workerEventSchema, value, 'event of the worker-assistant');
}
