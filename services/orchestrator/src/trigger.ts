import { parseWith } from '@sosw/core';
import { DISPATCH_ACTION } from '@sosw/task-manager';
import * as z from 'zod';

/**
 * A dispatch request (task-manager's `requestDispatch`: sent by the scheduler when it has created tasks
 * and by the scavenger when it has put retries back in the queue, so that their tasks are invoked within
 * a second or two rather than at the next scheduled run): `{ action: 'dispatch', labourer_ids?: [...] }`,
 * every continuous labourer when none are named.
 */
export const dispatchRequestSchema = z.strictObject({
  action: z.literal(DISPATCH_ACTION),
  labourer_ids: z.array(z.string().min(1)).min(1).optional(),
  /** Why it was sent (`tasks_created`, `retries_queued`), for the logs. */
  reason: z.string().optional(),
});

export type DispatchRequest = z.output<typeof dispatchRequestSchema>;

/**
 * Why the orchestrator runs:
 * - `schedule`: the every-minute rule (any event that is not a dispatch request, as sosw's orchestrator
 *   ignores its event): every labourer, per-minute ones included; may wait to take over a lease whose
 *   holder is about to let go;
 * - `request`: a dispatch request: the continuous labourers it names; where a live holder dispatches
 *   one already, it is woken instead, and the request is done.
 */
export type Trigger =
  | { kind: 'schedule' }
  | { kind: 'request'; labourerIds: readonly string[] | undefined; reason: string | undefined };

/**
 * The trigger of an orchestrator run, from its event.
 *
 * @throws ValidationError naming the field, when the event is a dispatch request (`action: 'dispatch'`)
 * with a bad field
 *
 * @example
 * triggerOf({ source: 'aws.events', 'detail-type': 'Scheduled Event' }); // { kind: 'schedule' }
 * triggerOf({ action: 'dispatch', labourer_ids: ['importer'] });
 * // { kind: 'request', labourerIds: ['importer'], reason: undefined }
 */
export function triggerOf(event: unknown): Trigger {
  const isRequest =
    typeof event === 'object' && event !== null && (event as { action?: unknown }).action === DISPATCH_ACTION;
  if (!isRequest) return { kind: 'schedule' };
  const request = parseWith(dispatchRequestSchema, event, 'dispatch request');
  return { kind: 'request', labourerIds: request.labourer_ids, reason: request.reason };
}
