import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '@sosw/core';
import {
  mayClaim,
  renewDue,
  RunningLedger,
  shouldAwaitHandover,
  type Labourer,
  type Lease,
  type TaskManager,
} from '@sosw/task-manager';
import type { Budgets } from './budgets.js';
import { DispatchLimits } from './dispatch-limits.js';
import type { Trigger } from './trigger.js';
import type { LabourerOutcome, OrchestratorLogger } from './types.js';

/** What one labourer's dispatch works with: shared by every labourer of one orchestrator run. */
export interface DispatchContext {
  readonly taskManager: TaskManager;
  readonly budgets: Budgets;
  readonly clock: Clock;
  readonly logger: OrchestratorLogger;
  readonly trigger: Trigger;
  /** Who takes leases: the function name and the request id, for people reading `sosw_dispatch`. */
  readonly owner: string;
  /** Epoch ms after which this run starts no new pass and lets go of its leases. */
  readonly deadlineMs: number;
  /** How long a holder waits between two looks for freed slots. */
  readonly refillIntervalMs: number;
  /** How often the schedule runs the orchestrator: a newcomer waits for a handover due within it. */
  readonly schedulePeriodMs: number;
  /** Claims and invokes in flight at once, per labourer. */
  readonly invokeConcurrency: number;
}

/** The outcome of a labourer this run did nothing for (yet). */
export function nothingDone(): LabourerOutcome {
  return { budget: 0, running: 0, invoked: 0, skipped: 0, failed: 0, lease: 'not_needed' };
}

/** How often the holder adopts the running tasks the index shows: claims of a Python orchestrator. */
const ADOPT_EVERY_MS = 60_000;

/**
 * Dispatches one labourer's tasks for the rest of this orchestrator run (DESIGN, continuous dispatch):
 *
 * 1. nothing queued: nothing to do (one read of the greenfield index);
 * 2. take the labourer's lease; when a live holder has it, wake it (a dispatch request), wait for it to
 *    let go (a scheduled run, when the holder's time ends before the next one's), or leave it be;
 * 3. count what runs (the ledger: adopted from the index, then kept by this holder's own claims and
 *    strongly consistent reads), and claim and invoke up to the budget: the ecology's, cut while workers
 *    meet throttling (`DispatchLimits`), within the rate limits, and never more than `perKeyCap` tasks of
 *    one concurrency key;
 * 4. `per_minute`: that was all. `continuous`: look again every `refillIntervalMs`, refilling each freed
 *    slot, until the queue is empty (then let go, unless work was announced meanwhile), the budget is 0
 *    (the next scheduled run reads the health again), Lambda refused every invoke of a pass, the lease
 *    is lost, or the run's time is up.
 *
 * An error (DynamoDB refusing a read, say) lets go of the lease and is thrown to the caller, which makes it
 * the labourer's outcome so the other labourers go on.
 */
export async function dispatchLabourer(ctx: DispatchContext, labourer: Labourer): Promise<LabourerOutcome> {
  const outcome = nothingDone();
  const { taskManager } = ctx;
  if (!(await taskManager.hasQueued(labourer, taskManager.window(labourer)))) return outcome;
  let lease = await takeLease(ctx, labourer, outcome);
  if (lease === undefined) return outcome;
  const limits = new DispatchLimits(labourer, lease.inherited, ctx.clock.nowMs());
  try {
    const ledger = new RunningLedger();
    let adoptedAtMs = ctx.clock.nowMs();
    await taskManager.adoptRunning(labourer, taskManager.window(labourer), ledger);
    for (;;) {
      const lookStartedMs = ctx.clock.nowMs();
      // What is announced from here on is seen by the next look: letting go is conditional on it.
      lease.wakesSeen = lease.wakesLatest;
      const window = taskManager.window(labourer);
      const settled = await taskManager.settleRunning(window, ledger);
      if (ctx.clock.nowMs() - adoptedAtMs >= ADOPT_EVERY_MS) {
        adoptedAtMs = ctx.clock.nowMs();
        await taskManager.adoptRunning(labourer, window, ledger);
      }
      const ecologyBudget = await ctx.budgets.of(labourer);
      outcome.budget = limits.budget(ecologyBudget, settled, ledger.size, ctx.clock.nowMs());
      if (limits.learned) outcome.budget_reason = 'learned';
      outcome.running = ledger.size;
      if (outcome.budget === 0) break;
      const free = Math.min(outcome.budget - ledger.size, limits.allowance(ctx.clock.nowMs()));
      if (free > 0 && mayClaim(lease.expiresAtMs, ctx.clock.nowMs())) {
        const done = await taskManager.claimAndInvoke(labourer, window, free, {
          concurrency: ctx.invokeConcurrency,
          ledger,
          perKeyCap: labourer.perKeyCap,
        });
        limits.spend(done.invoked);
        outcome.invoked += done.invoked;
        outcome.skipped += done.skipped;
        outcome.failed += done.failed;
        outcome.running = ledger.size;
        // Every invoke of the pass refused (a deleted function, a missing grant, throttling): leave the
        // labourer to the next scheduled run, a minute on, rather than refuse twice a second.
        if (done.invoked === 0 && done.failed > 0) break;
        if (done.queueDrained && labourer.dispatch === 'continuous') {
          const released = await taskManager.leases.release(lease, limits.state());
          if (released !== 'woken') {
            lease = undefined;
            break;
          }
        }
      }
      if (labourer.dispatch === 'per_minute' || ctx.clock.nowMs() >= ctx.deadlineMs) break;
      // One look per interval, its own time included: a slow look (a loaded DynamoDB) does not add to the wait.
      await sleep(Math.max(0, ctx.refillIntervalMs - (ctx.clock.nowMs() - lookStartedMs)));
      if (
        renewDue(lease.expiresAtMs, ctx.clock.nowMs()) &&
        !(await taskManager.leases.renew(lease, limits.state()))
      ) {
        ctx.logger.warn('lost the dispatch lease; another orchestrator goes on', {
          labourer_id: labourer.id,
        });
        lease = undefined;
        break;
      }
    }
  } finally {
    if (lease !== undefined) await taskManager.leases.abandon(lease, limits.state());
  }
  return outcome;
}

/** Takes the labourer's lease, or says in `outcome.lease` why this run leaves the labourer alone. */
async function takeLease(
  ctx: DispatchContext,
  labourer: Labourer,
  outcome: LabourerOutcome,
): Promise<Lease | undefined> {
  const { leases } = ctx.taskManager;
  const want = { owner: ctx.owner, endsAtMs: ctx.deadlineMs };
  let found = await leases.acquire(labourer.id, want);
  if (found.lease !== undefined) {
    outcome.lease = 'taken';
    return found.lease;
  }
  if (ctx.trigger.kind === 'request') {
    if (await leases.wake(labourer.id)) {
      outcome.lease = 'woke_holder';
      return undefined;
    }
    // Its holder let go between the two calls: take it after all.
    found = await leases.acquire(labourer.id, want);
  }
  // A scheduled run waits for a holder whose time ends before the next scheduled run comes.
  while (
    found.held !== undefined &&
    labourer.dispatch === 'continuous' &&
    shouldAwaitHandover(found.held, ctx.clock.nowMs(), ctx.schedulePeriodMs) &&
    ctx.clock.nowMs() < ctx.deadlineMs
  ) {
    await sleep(ctx.refillIntervalMs);
    found = await leases.acquire(labourer.id, want);
  }
  if (found.lease !== undefined) {
    outcome.lease = 'taken';
    return found.lease;
  }
  outcome.lease = 'held_elsewhere';
  return undefined;
}
