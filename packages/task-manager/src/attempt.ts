import type { Comparison } from '@sosw/dynamo-client';
import type { TaskRow } from './types.js';

/**
 * Which attempt of a task a worker's report is about: the task's `attempts` and `greenfield` right after
 * the claim that invoked the worker (what `invocationPayload` sends it, and what the worker SDK reports
 * back). Lambda delivers an asynchronous event at least once and keeps it for up to 6 hours, so a report
 * can arrive after its attempt is over and the task was claimed again; bound to its attempt, it can no
 * longer complete, fail or bury the next one. Reports without it (Python sosw's workers) are taken for
 * whatever attempt is running, as sosw does.
 */
export interface ReportedAttempt {
  /** The task's `attempts` after the claim (1 on the first run). */
  attempts?: number | undefined;
  /** The claim's greenfield: `window.invoked` of the run that claimed it. */
  greenfield?: number | undefined;
}

/**
 * The tests a report's write makes of the task, besides being invoked (`greenfield >= start`): `attempts`
 * is the reported one, and `greenfield` is at most the claim's. Not equal to it: a failure report of this
 * same attempt (the worker SDK's timeout guard, then its completion) moves the greenfield down to "expired
 * now", while every later claim moves it up (a claim's greenfield is its second plus a year), and so does
 * nothing else. So `attempts` tells the attempts apart, and the greenfield tells apart two claims with
 * the same `attempts` (a throttled attempt is given back, and the next claim counts the same number).
 *
 * @example
 * attemptTests({ attempts: 2, greenfield: 1_731_557_600 }, 1_700_000_000);
 * // { attempts: { eq: 2 }, greenfield: { ge: 1_700_000_000, le: 1_731_557_600 } }
 */
export function attemptTests(attempt: ReportedAttempt, start: number): Record<string, Comparison> {
  return {
    ...(attempt.attempts !== undefined && { attempts: { eq: attempt.attempts } }),
    greenfield: { ge: start, ...(attempt.greenfield !== undefined && { le: attempt.greenfield }) },
  };
}

/**
 * Whether a task is running (or ran) another attempt than the reported one: its `attempts` differ, or
 * its greenfield is above the claim's (claimed again since). What `attemptTests` refuses, read back from
 * the task for the rejection's reason.
 *
 * @example
 * isOtherAttempt({ attempts: 3, greenfield: 9 }, { attempts: 2 }); // true
 * isOtherAttempt({ attempts: 2, greenfield: 9 }, {}); // false: a report that names no attempt
 */
export function isOtherAttempt(
  task: Pick<TaskRow, 'greenfield'> & { attempts?: number },
  attempt: ReportedAttempt | undefined,
): boolean {
  if (attempt === undefined) return false;
  if (attempt.attempts !== undefined && task.attempts !== attempt.attempts) return true;
  return attempt.greenfield !== undefined && task.greenfield > attempt.greenfield;
}

/** What a rejected report said of its attempt, for its `completion_rejected` meta row and the log. */
export function reportedAttemptDetails(attempt: ReportedAttempt | undefined): Record<string, number> {
  return {
    ...(attempt?.attempts !== undefined && { reported_attempts: attempt.attempts }),
    ...(attempt?.greenfield !== undefined && { reported_greenfield: attempt.greenfield }),
  };
}
