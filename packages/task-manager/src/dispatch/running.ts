import { INDEXES } from '@sosw/tables';
import type { TaskManagerContext } from '../context.js';
import type { RunWindow } from '../greenfield.js';
import type { LabourerRef } from '../queue.js';
import type { TaskRow } from '../types.js';
import type { RunningLedger, Settled } from './running-ledger.js';

/**
 * Adds to the ledger every task of the labourer the greenfield index shows running (invoked, not
 * completed, not expired): what the lease's last holder, or a Python orchestrator, claimed. Called when a
 * lease is taken, and again now and then, since a Python orchestrator's claims reach the ledger no other
 * way.
 */
export async function adoptRunning(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
  ledger: RunningLedger,
): Promise<void> {
  const rows = await ctx.db.query<TaskRow>(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: { name: 'labourer_id', value: labourer.id },
    sortKey: { name: 'greenfield', gt: window.expired },
    filter: { completed_at: { exists: false } },
  });
  ledger.adopt(rows, window);
}

/**
 * Reads every task the ledger counts, strongly consistent, and forgets the attempts that are over.
 * One `BatchGetItem` per 100 counted tasks: the cost of a refill is proportional to the budget, not to
 * the queue or to the completed tasks waiting for the scavenger.
 *
 * @returns the slots that freed, and how those attempts ended
 */
export async function settleRunning(
  ctx: TaskManagerContext,
  window: RunWindow,
  ledger: RunningLedger,
): Promise<Settled> {
  if (ledger.size === 0) return { freed: 0, completed: 0, throttledClaimMs: [] };
  const read = ledger.taskIds();
  const rows = await ctx.db.batchGet<TaskRow>(
    ctx.tables.tasks,
    read.map((task_id) => ({ task_id })),
    { consistent: true },
  );
  return ledger.settle(read, rows, window);
}
