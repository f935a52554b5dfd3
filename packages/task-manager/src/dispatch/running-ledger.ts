import { INVOKED_OFFSET_SECONDS, type RunWindow } from '../greenfield.js';
import type { TaskRow } from '../types.js';
import { keyOf } from './admission.js';

/**
 * What the ledger reads of a task row: whether a claim it counted is still running, the key it counts
 * under, and how it ended (`completed_at`; `throttled_at`, set when the worker reported throttling and
 * the task went back to the queue).
 */
export type RunningEvidence = Pick<TaskRow, 'task_id' | 'greenfield'> &
  Partial<Pick<TaskRow, 'completed_at' | 'concurrency_key' | 'throttled_at'>>;

/** What a settle found: the slots that freed, and how their attempts ended, for the learned budget. */
export interface Settled {
  freed: number;
  completed: number;
  /** Epoch ms at which each task that ended throttled was claimed. */
  throttledClaimMs: number[];
}

/** A counted claim: the greenfield it set, the key it counts under, and when it was made. */
interface CountedClaim {
  greenfield: number;
  key: string;
  /** Epoch ms: this holder's clock for its own claims, the greenfield's second for adopted ones. */
  claimedAtMs: number;
}

/** The epoch second a claim was made, from the greenfield it set. */
export function claimSecond(claimGreenfield: number): number {
  return claimGreenfield - INVOKED_OFFSET_SECONDS;
}

/** Whether a row that left a claim shows that claim's attempt throttled (reported after the claim). */
function endedThrottled(claimGreenfield: number, row: RunningEvidence | undefined): boolean {
  return (
    row?.throttled_at !== undefined &&
    row.completed_at === undefined &&
    row.throttled_at >= claimSecond(claimGreenfield)
  );
}

/**
 * Whether the attempt a claim started is still running, given the task row as a strongly consistent read
 * sees it now (`undefined`: the row is gone, archived or moved to retry). The attempt runs while the row
 * still carries that claim's greenfield, has no `completed_at`, and has not expired. Every way out of
 * "running" moves one of those: a completion sets `completed_at`, a failure report or a rolled-back invoke
 * moves the greenfield, the scavenger deletes the row, and time expires it.
 *
 * @example
 * const window = runWindow(1_000, { duration: 60, cooldown: 0 });
 * stillRunning(window.invoked, { task_id: 't', greenfield: window.invoked }, window); // true
 * stillRunning(window.invoked, { task_id: 't', greenfield: window.invoked, completed_at: 1_001 }, window); // false
 * stillRunning(window.invoked, undefined, window); // false
 */
export function stillRunning(
  claimGreenfield: number,
  row: RunningEvidence | undefined,
  window: RunWindow,
): boolean {
  if (claimGreenfield <= window.expired) return false;
  if (row === undefined) return false;
  return row.greenfield === claimGreenfield && row.completed_at === undefined;
}

/**
 * The tasks of one labourer that are running, as the one dispatcher holding its lease knows them: each
 * task id with the greenfield its claim set. This is what the dispatcher counts against the budget, so
 * the count must never be low:
 *
 * - a claim is written into the ledger BEFORE its request is sent, and leaves it only when its refused
 *   invoke was settled (rolled back, buried, attempt failed) or a strongly consistent read shows the
 *   attempt over (`stillRunning`). A claim whose answer was lost stays until such a read says otherwise,
 *   and so does a claim whose condition failed: the SDK retries a request whose answer was lost, and the
 *   retry of a claim DynamoDB did write fails its condition on that very write;
 * - at the start of a lease, the ledger adopts every task the greenfield index shows running (claimed by
 *   the previous holder, or by a Python orchestrator), see `adopt`.
 *
 * The greenfield index alone would not do: it is eventually consistent, so a claim made a moment ago may
 * not be in it yet, and counting from it could let a refill invoke one task too many. The table's own
 * rows, read strongly consistent by key, are never behind.
 *
 * @example
 * const ledger = new RunningLedger();
 * ledger.add('t1', window.invoked);
 * ledger.settle(['t1'], [{ task_id: 't1', greenfield: window.invoked, completed_at: 1_001 }], window);
 * ledger.size; // 0
 */
export class RunningLedger {
  readonly #claims = new Map<string, CountedClaim>();

  /** How many attempts are counted as running. */
  get size(): number {
    return this.#claims.size;
  }

  /** The task ids counted as running. */
  taskIds(): string[] {
    return [...this.#claims.keys()];
  }

  /** Whether this task is counted. */
  has(taskId: string): boolean {
    return this.#claims.has(taskId);
  }

  /**
   * Counts a claim (about to be sent, or seen in the index) of `taskId` that set `greenfield`, under the
   * task's `concurrency_key` (none: the unkeyed tasks' one key).
   */
  add(taskId: string, greenfield: number, concurrencyKey?: string, claimedAtMs?: number): void {
    this.#claims.set(taskId, {
      greenfield,
      key: keyOf({ concurrency_key: concurrencyKey }),
      claimedAtMs: claimedAtMs ?? claimSecond(greenfield) * 1000,
    });
  }

  /** How many counted attempts run under each key (`UNKEYED` for tasks without one). */
  runningByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { key } of this.#claims.values()) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  }

  /** Forgets a claim whose task is known not to run: its refused invoke was settled. */
  delete(taskId: string): void {
    this.#claims.delete(taskId);
  }

  /**
   * Adopts the tasks a read of the greenfield index shows running that the ledger does not count yet.
   * Never forgets one: the index may be behind, so what it lacks proves nothing.
   */
  adopt(rows: readonly RunningEvidence[], window: RunWindow): void {
    for (const row of rows) {
      if (!this.#claims.has(row.task_id) && stillRunning(row.greenfield, row, window)) {
        this.add(row.task_id, row.greenfield, row.concurrency_key);
      }
    }
  }

  /**
   * Forgets every attempt among `read` that is over, given a strongly consistent read of those tasks
   * (`rows`: the ones found; a task read without a row is gone from the tasks table). A claim counted
   * after the read was sent is not judged by it.
   *
   * @returns the slots that freed, and how those attempts ended (completed, throttled)
   */
  settle(read: readonly string[], rows: readonly RunningEvidence[], window: RunWindow): Settled {
    const byId = new Map(rows.map((row) => [row.task_id, row]));
    const settled: Settled = { freed: 0, completed: 0, throttledClaimMs: [] };
    for (const taskId of read) {
      const claim = this.#claims.get(taskId);
      const row = byId.get(taskId);
      if (claim === undefined || stillRunning(claim.greenfield, row, window)) continue;
      this.#claims.delete(taskId);
      settled.freed += 1;
      if (row?.completed_at !== undefined) settled.completed += 1;
      else if (endedThrottled(claim.greenfield, row)) settled.throttledClaimMs.push(claim.claimedAtMs);
    }
    return settled;
  }
}
