import type { ClosedTaskRow, MetaAction, MetaRow } from '@sosw/task-manager';
import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  formatViolations,
  type Expectations,
  type RunningSample,
  type SystemSnapshot,
  type TaskInvocation,
  type ViolationKind,
} from '../src/index.js';

/**
 * The checker against hand-made states: a healthy one passes, and each way of breaking sosw's promise is
 * caught and named, so an empty list from a chaos run means something.
 */

const L = 'chaos_worker';

function closedRow(taskId: string, attempts: number, status: '1' | '0' = '1'): ClosedTaskRow {
  return {
    task_id: taskId,
    labourer_id: L,
    created_at: 100,
    greenfield: 31_557_700,
    attempts,
    payload: '{}',
    labourer_id_task_status: `${L}_${status}`,
    closed_at: 200,
    ...(status === '1' ? { completed_at: 150 } : {}),
  };
}

function story(taskId: string, events: ReadonlyArray<MetaAction | [MetaAction, number]>): MetaRow[] {
  return events.map((event, n) => {
    const [action, attempts] = Array.isArray(event) ? event : [event, undefined];
    return {
      task_id: taskId,
      created_at: 100 + n,
      action,
      labourer_id: L,
      author: 'test',
      ...(attempts === undefined ? {} : { details: { attempts } }),
    };
  });
}

const run = (taskId: string, attempts: number, requestId = `${taskId}/${attempts}`): TaskInvocation => ({
  functionName: L,
  task_id: taskId,
  labourer_id: L,
  attempts,
  requestId,
});

/** `done` completed on its first attempt; `dead` failed three times and was buried. */
function healthy(): SystemSnapshot {
  return {
    tasks: [],
    retry: [],
    closed: [closedRow('done', 1), closedRow('dead', 3, '0')],
    meta: [
      ...story('done', ['created', ['invoked', 1], 'marked_as_completed', 'archived']),
      ...story('dead', [
        'created',
        ...([1, 2] as const).flatMap((a): Array<MetaAction | [MetaAction, number]> => [
          ['invoked', a],
          'marked_as_failed',
          'scheduled_for_retry',
          'ready_for_retry',
        ]),
        ['invoked', 3],
        'marked_as_failed',
        'archived_dead',
      ]),
    ],
    invocations: [run('done', 1), run('dead', 1), run('dead', 2), run('dead', 3)],
    // Up to the budget, never over: what a cap sampler reads of a healthy run.
    runningSamples: [sample(0, 1), sample(150, 2), sample(300, 2), sample(450, 0)],
  };
}

/** A cap sample `ms` into the run, seeing `running` tasks (ids kept over the budget, as the sampler does). */
function sample(ms: number, running: number, labourerId = L): RunningSample {
  return {
    labourerId,
    atMs: Date.UTC(2026, 0, 1) + ms,
    running,
    ...(running > 2 ? { taskIds: Array.from({ length: running }, (_, n) => `t${n}`) } : {}),
  };
}

const expected: Expectations = {
  taskIds: ['done', 'dead'],
  maxAttempts: { [L]: 3 },
  budgets: { [L]: 2 },
  invokedMetaForEveryInvocation: true,
};

const kinds = (snapshot: SystemSnapshot, expectations: Expectations = expected): ViolationKind[] =>
  checkInvariants(snapshot, expectations).map((v) => v.kind);

describe('checkInvariants', () => {
  it('finds nothing wrong with a healthy system', () => {
    expect(checkInvariants(healthy(), expected)).toEqual([]);
  });

  it('catches a lost task: scheduled, found in no table', () => {
    const snapshot = { ...healthy(), closed: [closedRow('dead', 3, '0')] };
    const violations = checkInvariants(snapshot, expected);
    expect(violations).toContainEqual({
      kind: 'not_closed',
      taskId: 'done',
      message: 'never closed: it is in no table',
    });
  });

  it('catches a task left in the retry table (limbo)', () => {
    const base = healthy();
    const { closed_at: _c, labourer_id_task_status: _s, completed_at: _d, ...row } = closedRow('done', 1);
    const snapshot = {
      ...base,
      closed: [closedRow('dead', 3, '0')],
      retry: [{ ...row, desired_launch_time: 300 }],
    };
    expect(kinds(snapshot)).toEqual(expect.arrayContaining(['in_limbo', 'not_closed']));
    expect(formatViolations(checkInvariants(snapshot, expected))).toMatch(
      /done: never closed: it is in the retry table/,
    );
  });

  it('catches a task closed and still in the tasks table', () => {
    const { closed_at: _c, labourer_id_task_status: _s, ...row } = closedRow('done', 1);
    expect(kinds({ ...healthy(), tasks: [row] })).toEqual(['in_limbo']);
  });

  it('catches a closed row with a status other than _1 or _0', () => {
    const snapshot = healthy();
    snapshot.closed = [
      { ...closedRow('done', 1), labourer_id_task_status: `${L}_2` },
      closedRow('dead', 3, '0'),
    ];
    expect(kinds(snapshot)).toContain('bad_status');
  });

  it('catches closed rows and worker runs of tasks nobody scheduled', () => {
    const snapshot = healthy();
    snapshot.closed = [...snapshot.closed, closedRow('stranger', 1)];
    snapshot.invocations = [...snapshot.invocations, run('ghost', 1)];
    const violations = checkInvariants(snapshot, expected).filter((v) => v.kind === 'unknown_task');
    expect(violations.map((v) => v.taskId).sort()).toEqual(['ghost', 'stranger']);
  });

  it('catches a worker run twice for the same task and attempt', () => {
    const snapshot = healthy();
    snapshot.invocations = [...snapshot.invocations, run('done', 1, 'second-request')];
    const violations = checkInvariants(snapshot, expected);
    expect(violations).toEqual([
      {
        kind: 'invoked_twice',
        taskId: 'done',
        message: 'attempt 1 was run 2 times (requests done/1, second-request)',
      },
    ]);
  });

  it('catches attempts over max_attempts, in the closed row and in the runs', () => {
    const snapshot = healthy();
    snapshot.closed = [closedRow('done', 1), closedRow('dead', 4, '0')];
    snapshot.invocations = [...snapshot.invocations, run('dead', 4)];
    snapshot.meta = [
      ...snapshot.meta.filter((row) => row.task_id !== 'dead'),
      ...story('dead', [
        'created',
        ['invoked', 1],
        ['invoked', 2],
        ['invoked', 3],
        ['invoked', 4],
        'archived_dead',
      ]),
    ];
    const messages = checkInvariants(snapshot, expected)
      .filter((v) => v.kind === 'too_many_attempts')
      .map((v) => v.message);
    expect(messages).toEqual([
      'a worker ran attempt 4, max_attempts is 3',
      'closed after 4 attempts, max_attempts is 3',
    ]);
  });

  it('catches a run of an attempt the closed row does not count', () => {
    const snapshot = healthy();
    snapshot.invocations = [...snapshot.invocations, run('done', 2)];
    expect(checkInvariants(snapshot, { ...expected, invokedMetaForEveryInvocation: false })).toEqual([
      {
        kind: 'too_many_attempts',
        taskId: 'done',
        message: 'a worker ran attempt 2, the closed row counts 1',
      },
    ]);
  });

  it('catches a task closed as completed that no worker ever ran', () => {
    const snapshot = healthy();
    snapshot.invocations = snapshot.invocations.filter((call) => call.task_id !== 'done');
    expect(kinds(snapshot)).toEqual(['phantom_completion']);
  });

  describe('the cap: never more tasks running at once than the budget', () => {
    it('catches every sample over the budget, with its moment, count and tasks', () => {
      // A second dispatcher fills the budget again for a moment: three samples over it, then back.
      const snapshot = healthy();
      snapshot.runningSamples = [
        sample(0, 2),
        sample(150, 3),
        sample(300, 4),
        sample(450, 3),
        sample(600, 2),
      ];
      const violations = checkInvariants(snapshot, expected);
      expect(violations.map((v) => `${v.kind} ${v.taskId}`)).toEqual([
        `cap_exceeded ${L}`,
        `cap_exceeded ${L}`,
        `cap_exceeded ${L}`,
      ]);
      expect(violations[1]?.message).toBe(
        '4 tasks running at 2026-01-01T00:00:00.300Z, budget 2 (t0, t1, t2, t3)',
      );
    });

    it('lists at most five task ids in a message', () => {
      const snapshot = { ...healthy(), runningSamples: [sample(0, 9)] };
      expect(checkInvariants(snapshot, expected).map((v) => v.message)).toEqual([
        '9 tasks running at 2026-01-01T00:00:00.000Z, budget 2 (t0, t1, t2, t3, t4, ...)',
      ]);
    });

    it('holds each labourer to its own budget, and leaves one with no budget given unchecked', () => {
      const snapshot = {
        ...healthy(),
        runningSamples: [sample(0, 3, 'wide'), sample(0, 3, 'narrow'), sample(0, 50, 'unbudgeted')],
      };
      const violations = checkInvariants(snapshot, { ...expected, budgets: { wide: 3, narrow: 2 } });
      expect(violations.map((v) => `${v.kind} ${v.taskId}`)).toEqual(['cap_exceeded narrow']);
    });

    it('holds each concurrency key to the per-key cap, within the budget', () => {
      const snapshot = {
        ...healthy(),
        runningSamples: [
          { ...sample(0, 2), byKey: { a: 1, b: 1 } as Record<string, number> },
          { ...sample(150, 2), byKey: { a: 2 } as Record<string, number> },
        ],
      };
      expect(
        checkInvariants(snapshot, { ...expected, perKeyCaps: { [L]: 1 } }).map((v) => v.message),
      ).toEqual(['2 tasks of key "a" running at 2026-01-01T00:00:00.150Z, cap 1 a key']);
      // Without a per-key cap, keys are not checked.
      expect(checkInvariants(snapshot, expected)).toEqual([]);
    });

    it('is kept at exactly the budget', () => {
      const snapshot = { ...healthy(), runningSamples: [sample(0, 2), sample(150, 2)] };
      expect(checkInvariants(snapshot, expected)).toEqual([]);
    });
  });

  describe("meta must tell each task's whole story", () => {
    const withStory = (events: ReadonlyArray<MetaAction | [MetaAction, number]>) => {
      const snapshot = healthy();
      snapshot.meta = [...snapshot.meta.filter((row) => row.task_id !== 'done'), ...story('done', events)];
      return checkInvariants(snapshot, expected).map((v) => v.message);
    };

    it('starts with "created"', () => {
      expect(withStory([['invoked', 1], 'completed', 'archived'])).toEqual([
        'no "created" row: invoked > completed > archived',
      ]);
      expect(withStory([['invoked', 1], 'created', 'completed', 'archived'])).toEqual([
        'does not start with "created": invoked > created > completed > archived',
      ]);
    });

    it('reports a lost "created" row (the bug "created-row-lost" left) as a plain meta_story violation', () => {
      const snapshot = healthy();
      snapshot.meta = [
        ...snapshot.meta.filter((row) => row.task_id !== 'done'),
        ...story('done', [['invoked', 1], 'completed', 'archived']),
      ];
      const violations = checkInvariants(snapshot, expected);
      expect(violations).toEqual([
        {
          kind: 'meta_story',
          taskId: 'done',
          message: 'no "created" row: invoked > completed > archived',
        },
      ]);
      expect(formatViolations(violations)).toBe(
        '1 violation(s): meta_story 1\n  meta_story done: no "created" row: invoked > completed > archived',
      );
    });

    it('reports a late or lost "completed" or closing row (the bug "meta-after-state" left) as meta_story', () => {
      const kinds = (events: ReadonlyArray<MetaAction | [MetaAction, number]>) => {
        const snapshot = healthy();
        snapshot.meta = [...snapshot.meta.filter((row) => row.task_id !== 'done'), ...story('done', events)];
        return checkInvariants(snapshot, expected).map((v) => `${v.kind} ${v.taskId}`);
      };
      // "archived > completed": the report's row stamped after a scavenger archived the task.
      expect(kinds(['created', ['invoked', 1], 'archived', 'completed'])).toEqual(['meta_story done']);
      // The `completed` row lost: its write failed after the task's update landed.
      expect(kinds(['created', ['invoked', 1], 'archived'])).toEqual(['meta_story done']);
      // The `archived` row lost: the scavenger died between the archive and its meta batch.
      expect(kinds(['created', ['invoked', 1], 'completed'])).toEqual(['meta_story done']);
    });

    it('is closed exactly once', () => {
      expect(withStory(['created', ['invoked', 1], 'completed', 'archived', 'archived'])).toEqual([
        '2 closing rows, expected one "archived": created > invoked > completed > archived > archived',
      ]);
      expect(withStory(['created', ['invoked', 1], 'completed'])).toEqual([
        '0 closing rows, expected one "archived": created > invoked > completed',
      ]);
    });

    it('closes as the closed row says', () => {
      expect(withStory(['created', ['invoked', 1], 'completed', 'archived_dead'])).toEqual([
        'closed as chaos_worker_1 but meta says "archived_dead"',
      ]);
    });

    it('has nothing after the closing row but a late-stamped "invoked" row or a refused report', () => {
      expect(withStory(['created', ['invoked', 1], 'archived', 'completed'])).toEqual([
        'events after it was closed: created > invoked > archived > completed',
      ]);
      expect(withStory(['created', 'completed', 'archived', ['invoked', 1]])).toEqual([]);
      expect(withStory(['created', ['invoked', 1], 'completed', 'archived', 'completion_rejected'])).toEqual(
        [],
      );
      expect(withStory(['created', ['invoked', 1], 'completed', 'archived', 'ready_for_retry'])).toEqual([
        'events after it was closed: created > invoked > completed > archived > ready_for_retry',
      ]);
    });

    it('has one "marked_as_completed" row for a completed task ("completed" in rows written before that name)', () => {
      expect(withStory(['created', ['invoked', 1], 'archived'])).toEqual([
        'completed, with 0 "marked_as_completed" rows: created > invoked > archived',
      ]);
      expect(withStory(['created', ['invoked', 1], 'completed', 'archived'])).toEqual([]);
      expect(withStory(['created', ['invoked', 1], 'completed', 'marked_as_completed', 'archived'])).toEqual([
        'completed, with 2 "marked_as_completed" rows: created > invoked > completed > marked_as_completed > archived',
      ]);
    });

    it('has no more "invoked" rows than attempts', () => {
      expect(withStory(['created', ['invoked', 1], ['invoked', 1], 'completed', 'archived'])).toEqual([
        '2 "invoked" rows for 1 attempts: created > invoked > invoked > completed > archived',
      ]);
    });

    it('has an "invoked" row for every run, unless the scenario kills the orchestrator', () => {
      const snapshot = healthy();
      snapshot.meta = [
        ...snapshot.meta.filter((row) => row.task_id !== 'done'),
        ...story('done', ['created', 'completed', 'archived']),
      ];
      expect(checkInvariants(snapshot, expected).map((v) => v.message)).toEqual([
        'attempt 1 ran with no "invoked" row: created > completed > archived',
      ]);
      expect(checkInvariants(snapshot, { ...expected, invokedMetaForEveryInvocation: false })).toEqual([]);
    });
  });
});

describe('formatViolations', () => {
  it('is empty for no violations, so a passing check compares equal to ""', () => {
    expect(formatViolations([])).toBe('');
  });

  it('counts by kind and lists the first ones', () => {
    const text = formatViolations(
      [
        { kind: 'not_closed', taskId: 'a', message: 'never closed: it is in no table' },
        { kind: 'not_closed', taskId: 'b', message: 'never closed: it is in no table' },
        { kind: 'invoked_twice', taskId: 'c', message: 'attempt 1 was run 2 times' },
      ],
      2,
    );
    expect(text).toBe(
      [
        '3 violation(s): not_closed 2, invoked_twice 1',
        '  not_closed a: never closed: it is in no table',
        '  not_closed b: never closed: it is in no table',
        '  ... and 1 more',
      ].join('\n'),
    );
  });
});
