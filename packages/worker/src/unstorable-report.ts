import {
  formatIssues,
  formatPath,
  isPlainObject,
  reportFlaws,
  ValidationError,
  type ReportFlaw,
  type ValidationIssue,
} from '@sosw/core';
import type { WorkerAssistantEvent } from './report.js';

/** The report's fields that the worker-assistant stores as `stat_<key>` / `result_<key>`. */
const STORED_FIELDS = ['stats', 'result'] as const;

/**
 * What is wrong with a report's `stats` and `result`, as the worker-assistant will see them: their JSON
 * (the report travels as `JSON.stringify`, so a `Date` arrives as text and an `undefined` field not at all),
 * checked by core's `reportFlaws`, the rule the worker-assistant refuses reports by. Empty when the report
 * can be stored.
 */
function unstorableFlaws(report: WorkerAssistantEvent): ReportFlaw[] {
  const flaws: ReportFlaw[] = [];
  const sent: Partial<Record<(typeof STORED_FIELDS)[number], Record<string, unknown>>> = {};
  for (const field of STORED_FIELDS) {
    const value = report[field];
    if (value === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(JSON.stringify(value)) as unknown;
    } catch (error) {
      // A bigint or a cycle: JSON.stringify throws, so the report could not even be sent.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      flaws.push({ path: [field], message: `cannot be sent as JSON (${reason})` });
      continue;
    }
    if (isPlainObject(json)) sent[field] = json;
    else
      flaws.push({
        path: [field],
        message: 'is not a JSON object once sent (its toJSON returns something else)',
      });
  }
  return [...flaws, ...reportFlaws(sent)];
}

/** The flaws as a `ValidationError`'s issues: `result.a[""]`, `stats`. */
const asIssues = (flaws: readonly ReportFlaw[]): ValidationIssue[] =>
  flaws.map(({ path, message }) => ({ path: formatPath(path), message }));

/**
 * The error that buries a task whose completion could not be stored, naming each field and the limit it
 * breaks, or `undefined` when the report can be sent as it is. A `ValidationError`: the same result would be
 * refused again on every retry, so it is fatal, as invalid input is.
 *
 * @example
 * unstorableReportError({ action: 'mark_task_as_completed', task_id: 't1', result: { n: 1e200 } })?.message;
 * // 'report of task t1 cannot be stored: result.n: number 1e+200 cannot be stored: ...'
 */
export function unstorableReportError(report: WorkerAssistantEvent): ValidationError | undefined {
  const issues = asIssues(unstorableFlaws(report));
  if (issues.length === 0) return undefined;
  return new ValidationError(
    `report of task ${report.task_id} cannot be stored: ${formatIssues(issues)}`,
    issues,
  );
}

/**
 * The report without the `stats` or `result` the worker-assistant would refuse, so that a failure or a
 * death still arrives (the worker-assistant refuses the whole report otherwise, and the task would wait to
 * expire). `stats` goes first; `result` only when it is still refused without them. Returns what was left
 * out, for the log.
 *
 * @example
 * withoutUnstorableFields({ action: 'mark_task_as_failed', task_id: 't1', stats: { n: 1e200 } });
 * // { report: { action: 'mark_task_as_failed', task_id: 't1' }, leftOut: [{ path: 'stats.n', message: '...' }] }
 */
export function withoutUnstorableFields(report: WorkerAssistantEvent): {
  report: WorkerAssistantEvent;
  leftOut: ValidationIssue[];
} {
  let sendable = report;
  const leftOut: ValidationIssue[] = [];
  for (const field of STORED_FIELDS) {
    const ofField = unstorableFlaws(sendable).filter(({ path }) => path[0] === field);
    if (ofField.length === 0) continue;
    leftOut.push(...asIssues(ofField));
    const { [field]: _leftOut, ...rest } = sendable;
    sendable = rest;
  }
  return { report: sendable, leftOut };
}
