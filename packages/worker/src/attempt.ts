import type { TaskFields } from './task-event.js';

/** The attempt a report is about, as the claim left the task: sent with every report. */
export interface ClaimedAttempt {
  /** The task's `attempts` after the claim: 1 on the first run. */
  attempts: number;
  /** The claim's greenfield: the second of the claim plus a year (`INVOKED_OFFSET_SECONDS`). */
  greenfield: number;
}

/**
 * The attempt this invocation runs, when its event says which: our orchestrator sends the task as its
 * claim left it (`invocationPayload`), whose greenfield lies in the future (the claim's second plus a
 * year). Python sosw's orchestrator sends the task as it read it before the claim, whose greenfield is
 * a queued one, in the past, and whose `attempts` is one short: that names no attempt, and the reports
 * go without one, to be taken for whatever attempt runs, as sosw does.
 *
 * @param nowSeconds - epoch seconds now (a claim is hours old at most: Lambda keeps an event 6 hours)
 *
 * @example
 * claimedAttempt({ attempts: 1, greenfield: 1_731_557_600 }, 1_700_000_010); // { attempts: 1, greenfield: 1_731_557_600 }
 * claimedAttempt({ attempts: 0, greenfield: 5_000 }, 1_700_000_010); // undefined: before the claim
 */
export function claimedAttempt(
  task: Pick<TaskFields, 'attempts' | 'greenfield'>,
  nowSeconds: number,
): ClaimedAttempt | undefined {
  const { attempts, greenfield } = task;
  if (attempts === undefined || greenfield === undefined) return undefined;
  if (!Number.isInteger(attempts) || attempts < 1 || !(greenfield > nowSeconds)) return undefined;
  return { attempts, greenfield };
}
