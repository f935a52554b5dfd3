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
import type { DispatchGroup, Resource } from './dispatch-groups.js';
import type { Trigger } from './trigger.js';
import type { LabourerOutcome, OrchestratorLogger } from './types.js';

/** What a dispatch works with: shared by every group of one orchestrator run. */
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

/** A labourer of the group, and what this run did for it. */
interface Entry {
  readonly labourer: Labourer;
  readonly outcome: LabourerOutcome;
}

/** A labourer of the group this run holds the lease of, and what the holder keeps for it. */
interface Member extends Entry {
  lease: Lease | undefined;
  readonly ledger: RunningLedger;
  readonly limits: DispatchLimits;
  /** Not dispatched any more in this run (budget 0, every invoke refused, one pass done, lease gone). */
  stopped: boolean;
  /** Its last pass found the end of its queue. */
  drained: boolean;
}

/**
 * Dispatches a group's tasks for the rest of this orchestrator run (DESIGN, continuous dispatch). A group
 * is one labourer, or the labourers that share resources (`dispatchGroups`): one run holds all their
 * leases, so it counts every task running on a resource.
 *
 * 1. nothing queued for any labourer: nothing to do (one read of the greenfield index each);
 * 2. take every labourer's lease, in id order; when a live holder has one, wake it (a dispatch request),
 *    wait for it to let go (a scheduled run, when the holder's time ends before the next one's), or leave
 *    the group be (and let go of the leases taken);
 * 3. each look, for each labourer: count what runs (the ledger: adopted from the index, then kept by this
 *    holder's own claims and strongly consistent reads), and claim and invoke up to its free slots: its
 *    budget (the ecology's, cut while its workers meet throttling, `DispatchLimits`), its rate limits, and
 *    each of its resources' budget less what runs on the resource; never more than `perKeyCap` tasks of
 *    one concurrency key;
 * 4. `per_minute`: one pass. `continuous`: look again every `refillIntervalMs`, refilling each freed slot,
 *    until every queue is empty (then let go, unless work was announced meanwhile), every labourer's
 *    budget is 0 (the next scheduled run reads the health again) or every invoke of its pass was refused,
 *    a lease is lost, or the run's time is up.
 *
 * An error (DynamoDB refusing a read, say) lets go of the leases and is thrown to the caller, which makes
 * it the outcome of the group's labourers, so the other groups go on.
 *
 * @returns labourer id -> outcome, for every labourer of the group
 */
export async function dispatchGroup(
  ctx: DispatchContext,
  group: DispatchGroup,
): Promise<Map<string, LabourerOutcome>> {
  const entries: Entry[] = group.labourers.map((labourer) => ({ labourer, outcome: nothingDone() }));
  const outcomes = new Map(entries.map(({ labourer, outcome }) => [labourer.id, outcome]));
  const { taskManager } = ctx;
  const queued = await Promise.all(
    group.labourers.map((labourer) => taskManager.hasQueued(labourer, taskManager.window(labourer))),
  );
  if (!queued.includes(true)) return outcomes;
  const held = await takeLeases(ctx, entries);
  if (held === undefined) return outcomes;
  const members: Member[] = held.map(({ labourer, outcome, lease }) => ({
    labourer,
    outcome,
    lease,
    ledger: new RunningLedger(),
    limits: new DispatchLimits(labourer, lease.inherited, ctx.clock.nowMs()),
    // A dispatch request leaves per_minute labourers to the schedule; they still count on resources.
    stopped: ctx.trigger.kind === 'request' && labourer.dispatch === 'per_minute',
    drained: false,
  }));
  try {
    let adoptedAtMs = ctx.clock.nowMs();
    for (const member of members) {
      await taskManager.adoptRunning(member.labourer, taskManager.window(member.labourer), member.ledger);
    }
    for (;;) {
      const lookStartedMs = ctx.clock.nowMs();
      const adopt = lookStartedMs - adoptedAtMs >= ADOPT_EVERY_MS;
      if (adopt) adoptedAtMs = lookStartedMs;
      for (const member of members) await count(ctx, member, adopt);
      const onResource = await resourceRoom(ctx, group.resources, members);
      for (const member of members.filter((candidate) => !candidate.stopped)) {
        await pass(ctx, member, onResource);
      }
      const active = members.filter((member) => !member.stopped);
      if (active.length === 0) break;
      if (active.every((member) => member.drained)) {
        await letGoOfDrained(ctx, members);
        if (members.every((member) => member.stopped)) break;
      }
      if (ctx.clock.nowMs() >= ctx.deadlineMs) break;
      // One look per interval, its own time included: a slow look (a loaded DynamoDB) does not add to the wait.
      await sleep(Math.max(0, ctx.refillIntervalMs - (ctx.clock.nowMs() - lookStartedMs)));
      if (!(await renewAll(ctx, members))) break;
    }
  } finally {
    for (const member of members) {
      if (member.lease !== undefined) await taskManager.leases.abandon(member.lease, member.limits.state());
    }
  }
  return outcomes;
}

/**
 * Dispatches one labourer that shares no resource: a group of its own.
 *
 * @example
 * const outcome = await dispatchLabourer(ctx, labourer);
 */
export async function dispatchLabourer(ctx: DispatchContext, labourer: Labourer): Promise<LabourerOutcome> {
  const outcomes = await dispatchGroup(ctx, { labourers: [labourer], resources: [] });
  return outcomes.get(labourer.id) ?? nothingDone();
}

/** Reads what a labourer runs now (settles its ledger), and its budget for this look. */
async function count(ctx: DispatchContext, member: Member, adopt: boolean): Promise<void> {
  const { taskManager } = ctx;
  // What is announced from here on is seen by the next look: letting go is conditional on it.
  if (member.lease !== undefined) member.lease.wakesSeen = member.lease.wakesLatest;
  const window = taskManager.window(member.labourer);
  const settled = await taskManager.settleRunning(window, member.ledger);
  if (adopt) await taskManager.adoptRunning(member.labourer, window, member.ledger);
  const ecologyBudget = await ctx.budgets.of(member.labourer);
  const { outcome, limits, ledger } = member;
  outcome.budget = limits.budget(ecologyBudget, settled, ledger.size, ctx.clock.nowMs());
  if (limits.learned) outcome.budget_reason = 'learned';
  else delete outcome.budget_reason;
  outcome.running = ledger.size;
  if (outcome.budget === 0) member.stopped = true;
}

/** What each resource has room for now: its budget less the tasks of its labourers running. */
async function resourceRoom(
  ctx: DispatchContext,
  resources: readonly Resource[],
  members: readonly Member[],
): Promise<Map<string, number>> {
  const room = new Map<string, number>();
  for (const resource of resources) {
    const running = members
      .filter((member) => member.labourer.resources?.includes(resource.name) === true)
      .reduce((sum, member) => sum + member.ledger.size, 0);
    room.set(resource.name, (await ctx.budgets.ofResource(resource)) - running);
  }
  return room;
}

/** One pass of one labourer: claims and invokes what its budget, rates and resources have room for. */
async function pass(ctx: DispatchContext, member: Member, onResource: Map<string, number>): Promise<void> {
  const { labourer, outcome, ledger, limits, lease } = member;
  const resources = labourer.resources ?? [];
  const free = Math.min(
    outcome.budget - ledger.size,
    limits.allowance(ctx.clock.nowMs()),
    ...resources.map((name) => onResource.get(name) ?? 0),
  );
  if (free > 0 && lease !== undefined && mayClaim(lease.expiresAtMs, ctx.clock.nowMs())) {
    const before = ledger.size;
    const done = await ctx.taskManager.claimAndInvoke(labourer, ctx.taskManager.window(labourer), free, {
      concurrency: ctx.invokeConcurrency,
      ledger,
      perKeyCap: labourer.perKeyCap,
    });
    // The next labourer of the group sees what this one took of their resources.
    for (const name of resources) onResource.set(name, (onResource.get(name) ?? 0) - (ledger.size - before));
    limits.spend(done.invoked);
    outcome.invoked += done.invoked;
    outcome.skipped += done.skipped;
    outcome.failed += done.failed;
    outcome.running = ledger.size;
    member.drained = done.queueDrained;
    // Every invoke of the pass refused (a deleted function, a missing grant, throttling): leave the
    // labourer to the next scheduled run, a minute on, rather than refuse twice a second.
    if (done.invoked === 0 && done.failed > 0) member.stopped = true;
  } else {
    member.drained = false;
  }
  if (labourer.dispatch === 'per_minute') member.stopped = true;
}

/**
 * Every dispatched labourer found its queue empty: lets go of each lease, unless work was announced for
 * it since its last look (then it stays, and the group looks again).
 */
async function letGoOfDrained(ctx: DispatchContext, members: readonly Member[]): Promise<void> {
  for (const member of members) {
    if (member.lease === undefined) continue;
    const released = await ctx.taskManager.leases.release(member.lease, member.limits.state());
    if (released === 'woken') {
      member.stopped = false;
      member.drained = false;
      continue;
    }
    member.lease = undefined;
    member.stopped = true;
  }
}

/** Renews the leases due; false (stop) when one was lost: another orchestrator goes on with the group. */
async function renewAll(ctx: DispatchContext, members: readonly Member[]): Promise<boolean> {
  for (const member of members) {
    const { lease } = member;
    if (lease === undefined || !renewDue(lease.expiresAtMs, ctx.clock.nowMs())) continue;
    if (await ctx.taskManager.leases.renew(lease, member.limits.state())) continue;
    ctx.logger.warn('lost the dispatch lease; another orchestrator goes on', {
      labourer_id: member.labourer.id,
    });
    member.lease = undefined;
    return false;
  }
  return true;
}

/**
 * Takes the lease of every labourer of the group, in id order, or none: says in each outcome's `lease`
 * why this run leaves the group alone, and lets go of the leases it took on the way.
 */
async function takeLeases(
  ctx: DispatchContext,
  entries: readonly Entry[],
): Promise<(Entry & { lease: Lease })[] | undefined> {
  const taken: (Entry & { lease: Lease })[] = [];
  for (const entry of entries) {
    const lease = await takeLease(ctx, entry.labourer, entry.outcome);
    if (lease !== undefined) {
      taken.push({ ...entry, lease });
      continue;
    }
    for (const mine of taken) await ctx.taskManager.leases.abandon(mine.lease);
    for (const other of entries) other.outcome.lease = entry.outcome.lease;
    return undefined;
  }
  return taken;
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
