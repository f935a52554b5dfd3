import type { ClosedTaskRow, MetaRow } from '@sosw/task-manager';
import type { Expectations, RunningSample, SystemSnapshot, TaskInvocation, Violation } from './types.js';

/** The meta actions that close a task: exactly one of them, last, per task. */
const CLOSING_ACTIONS = new Set(['archived', 'archived_dead']);

/** Rows that may sort after the closing row without the task having lived on (see `checkMeta`). */
const MAY_TRAIL = new Set(['invoked', 'completion_rejected']);

/**
 * The row of a completion report: `marked_as_completed`, Python sosw's name, which the worker-assistant
 * writes; `completed` in rows it wrote before it took that name.
 */
const COMPLETION_ACTIONS = new Set(['marked_as_completed', 'completed']);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/**
 * Checks sosw's promise on a settled system and lists every way it was broken, task by task (an empty
 * list: kept):
 *
 * 1. every scheduled task is closed exactly once, as `<labourer>_1` (completed) or `<labourer>_0` (dead);
 * 2. nothing is left in the tasks or retry tables (no limbo), and nothing unscheduled shows up;
 * 3. no worker ran twice for the same task and attempt;
 * 4. `attempts <= max_attempts`, and no invocation of an attempt the closed row does not count;
 * 5. a completed task was run by a worker at least once;
 * 6. meta tells each task's whole story: `created` first, exactly one closing row (`archived` for `_1`,
 *    `archived_dead` for `_0`) and nothing after it but a late-stamped `invoked` row (see below) or a
 *    refused late report (`completion_rejected`), one
 *    `marked_as_completed` row for a completed task, no more `invoked` rows than attempts, and (when
 *    `invokedMetaForEveryInvocation`) one per worker invocation;
 * 7. no sample taken while the scenario ran saw more of a labourer's tasks running than its budget (the
 *    hard cap of continuous dispatch), whatever ran at once.
 *
 * An `invoked` row is stamped when the orchestrator gets Lambda's answer to the invoke, not before it
 * sends it (task-manager's `claim.ts`), so on a loaded machine it can sort after the worker's
 * `marked_as_completed` and even after `archived`. The chaos runs showed it; the checker allows it.
 *
 * Pure: the snapshot comes from `readSnapshot`, or is made by hand in the checker's own tests.
 *
 * @example
 * const snapshot = await readSnapshot(tables.names, lambda.invocations, ['chaos_worker'], sampler.samples);
 * const violations = checkInvariants(snapshot, {
 *   taskIds, maxAttempts: { chaos_worker: 3 }, budgets: { chaos_worker: 40 },
 *   invokedMetaForEveryInvocation: true,
 * });
 * expect(formatViolations(violations)).toBe('');
 */
export function checkInvariants(snapshot: SystemSnapshot, expected: Expectations): Violation[] {
  const violations: Violation[] = [];
  const add = (kind: Violation['kind'], taskId: string, message: string) => {
    violations.push({ kind, taskId, message });
  };
  const scheduled = new Set(expected.taskIds);
  const closedById = new Map(snapshot.closed.map((row) => [row.task_id, row]));
  const openIds = new Set(snapshot.tasks.map((row) => row.task_id));
  const retryIds = new Set(snapshot.retry.map((row) => row.task_id));
  const metaById = groupBy(snapshot.meta, (row) => row.task_id);
  const invocationsById = groupBy(snapshot.invocations, (call) => call.task_id);

  for (const row of snapshot.tasks) {
    add(
      'in_limbo',
      row.task_id,
      `still in the tasks table (greenfield ${row.greenfield}, attempts ${row.attempts})`,
    );
  }
  for (const row of snapshot.retry) {
    add(
      'in_limbo',
      row.task_id,
      `still in the retry table (due at ${row.desired_launch_time}, attempts ${row.attempts})`,
    );
  }
  for (const row of snapshot.closed) {
    if (!scheduled.has(row.task_id)) add('unknown_task', row.task_id, 'closed, but it was never scheduled');
  }
  for (const taskId of invocationsById.keys()) {
    if (!scheduled.has(taskId))
      add('unknown_task', taskId, 'a worker ran for it, but it was never scheduled');
  }

  for (const taskId of expected.taskIds) {
    const closed = closedById.get(taskId);
    const invocations = invocationsById.get(taskId) ?? [];
    checkInvocations(taskId, invocations, closed, expected, add);
    if (closed === undefined) {
      const where = openIds.has(taskId)
        ? 'the tasks table'
        : retryIds.has(taskId)
          ? 'the retry table'
          : 'no table';
      add('not_closed', taskId, `never closed: it is in ${where}`);
      continue;
    }
    const status = closed.labourer_id_task_status;
    const completed = status === `${closed.labourer_id}_1`;
    if (!completed && status !== `${closed.labourer_id}_0`) {
      add(
        'bad_status',
        taskId,
        `closed as "${status}", expected "${closed.labourer_id}_1" or "${closed.labourer_id}_0"`,
      );
    }
    const max = expected.maxAttempts[closed.labourer_id];
    if (max !== undefined && closed.attempts > max) {
      add('too_many_attempts', taskId, `closed after ${closed.attempts} attempts, max_attempts is ${max}`);
    }
    if (completed && invocations.length === 0) {
      add('phantom_completion', taskId, 'closed as completed, but no worker ever ran for it');
    }
    checkMeta(taskId, metaById.get(taskId) ?? [], closed, completed, invocations, expected, add);
  }
  checkCap(snapshot.runningSamples, expected, add);
  return violations;
}

/**
 * The cap: one violation per sample over its labourer's budget, with the moment, the count and the
 * first running task ids, so a run of them tells how long and how far the budget was exceeded.
 */
function checkCap(
  samples: readonly RunningSample[],
  expected: Expectations,
  add: (kind: Violation['kind'], taskId: string, message: string) => void,
): void {
  for (const sample of samples) {
    const budget = expected.budgets[sample.labourerId];
    if (budget === undefined || sample.running <= budget) continue;
    const ids = sample.taskIds ?? [];
    const shown = ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, ...` : ids.join(', ');
    add(
      'cap_exceeded',
      sample.labourerId,
      `${sample.running} tasks running at ${new Date(sample.atMs).toISOString()}, budget ${budget}` +
        (shown === '' ? '' : ` (${shown})`),
    );
  }
  for (const sample of samples) {
    const cap = expected.perKeyCaps?.[sample.labourerId];
    if (cap === undefined) continue;
    for (const [key, running] of Object.entries(sample.byKey ?? {})) {
      if (running <= cap) continue;
      add(
        'key_cap_exceeded',
        sample.labourerId,
        `${running} tasks of key ${JSON.stringify(key)} running at ${new Date(sample.atMs).toISOString()}, cap ${cap} a key`,
      );
    }
  }
}

function checkInvocations(
  taskId: string,
  invocations: readonly TaskInvocation[],
  closed: ClosedTaskRow | undefined,
  expected: Expectations,
  add: (kind: Violation['kind'], taskId: string, message: string) => void,
): void {
  const byAttempt = groupBy(invocations, (call) => String(call.attempts));
  for (const [attempt, calls] of byAttempt) {
    if (calls.length > 1) {
      const ids = calls.map((call) => call.requestId).join(', ');
      add('invoked_twice', taskId, `attempt ${attempt} was run ${calls.length} times (requests ${ids})`);
    }
    const max = expected.maxAttempts[calls[0]?.labourer_id ?? ''];
    if (max !== undefined && Number(attempt) > max) {
      add('too_many_attempts', taskId, `a worker ran attempt ${attempt}, max_attempts is ${max}`);
    }
    if (closed !== undefined && Number(attempt) > closed.attempts) {
      add(
        'too_many_attempts',
        taskId,
        `a worker ran attempt ${attempt}, the closed row counts ${closed.attempts}`,
      );
    }
  }
}

function checkMeta(
  taskId: string,
  rows: readonly MetaRow[],
  closed: ClosedTaskRow,
  completed: boolean,
  invocations: readonly TaskInvocation[],
  expected: Expectations,
  add: (kind: Violation['kind'], taskId: string, message: string) => void,
): void {
  const story = [...rows].sort((a, b) => a.created_at - b.created_at);
  const actions = story.map((row) => row.action);
  const told = actions.join(' > ');
  if (!actions.includes('created')) {
    add('meta_story', taskId, `no "created" row: ${told}`);
  } else if (actions[0] !== 'created') {
    add('meta_story', taskId, `does not start with "created": ${told}`);
  }
  const closings = actions.filter((action) => CLOSING_ACTIONS.has(action));
  const closing = completed ? 'archived' : 'archived_dead';
  if (closings.length !== 1) {
    add('meta_story', taskId, `${closings.length} closing rows, expected one "${closing}": ${told}`);
  } else if (closings[0] !== closing) {
    add(
      'meta_story',
      taskId,
      `closed as ${closed.labourer_id_task_status} but meta says "${closings[0] ?? ''}"`,
    );
  } else {
    // Two rows may trail: `invoked`, which the orchestrator stamps when Lambda's 202 reaches it (a loaded
    // orchestrator can read that answer after the worker has run, reported and been archived), and
    // `completion_rejected`, a late report refused. Any other event after the closing row is a task that
    // lived on after it was closed.
    const after = actions.slice(actions.indexOf(closing) + 1).filter((action) => !MAY_TRAIL.has(action));
    if (after.length > 0) {
      add('meta_story', taskId, `events after it was closed: ${told}`);
    }
  }
  const completions = actions.filter((action) => COMPLETION_ACTIONS.has(action)).length;
  if (completed && completions !== 1) {
    add('meta_story', taskId, `completed, with ${completions} "marked_as_completed" rows: ${told}`);
  }
  const invokedRows = story.filter((row) => row.action === 'invoked');
  if (invokedRows.length > closed.attempts) {
    add(
      'meta_story',
      taskId,
      `${invokedRows.length} "invoked" rows for ${closed.attempts} attempts: ${told}`,
    );
  }
  if (expected.invokedMetaForEveryInvocation) {
    const recorded = new Set(invokedRows.map((row) => Number(row.details?.attempts)));
    for (const call of invocations) {
      if (!recorded.has(call.attempts)) {
        add('meta_story', taskId, `attempt ${call.attempts} ran with no "invoked" row: ${told}`);
      }
    }
  }
}

/**
 * The violations as text for a failing test: a count per kind, then the first `limit`, one per line;
 * `''` when there are none, so `expect(formatViolations(v)).toBe('')` shows them all on failure.
 *
 * @example
 * formatViolations([{ kind: 'not_closed', taskId: 't1', message: 'never closed: it is in no table' }]);
 * // '1 violation(s): not_closed 1\n  not_closed t1: never closed: it is in no table'
 */
export function formatViolations(violations: readonly Violation[], limit = 25): string {
  if (violations.length === 0) return '';
  const counts = new Map<string, number>();
  for (const v of violations) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
  const header = `${violations.length} violation(s): ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`;
  const lines = violations.slice(0, limit).map((v) => `  ${v.kind} ${v.taskId}: ${v.message}`);
  const more = violations.length > limit ? [`  ... and ${violations.length - limit} more`] : [];
  return [header, ...lines, ...more].join('\n');
}
