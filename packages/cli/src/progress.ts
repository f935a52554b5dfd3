import type { Labourer, TaskManager } from '@sosw/task-manager';

/** Where a labourer's tasks are at one moment. */
export interface LabourerProgress {
  labourer: string;
  queued: number;
  running: number;
  expired: number;
  /** Completed, waiting for the scavenger to archive them. */
  completed: number;
  retrying: number;
  /** Closed as completed (`_1`) since `since`. */
  closedOk: number;
  /** Closed as dead (`_0`) since `since`. */
  dead: number;
}

/**
 * Counts a labourer's tasks in every state with task-manager's `Select: COUNT` queries.
 *
 * @example
 * ```ts
 * const progress = await labourerProgress(taskManager, labourer, nowSeconds() - 86_400);
 * ```
 */
export async function labourerProgress(
  taskManager: TaskManager,
  labourer: Labourer,
  since: number,
): Promise<LabourerProgress> {
  const window = taskManager.window(labourer);
  const [queued, running, expired, completed, retrying, closedOk, dead] = await Promise.all([
    taskManager.queueLength(labourer, window),
    taskManager.countRunning(labourer, window),
    taskManager.countExpired(labourer, window),
    taskManager.countCompleted(labourer, window),
    taskManager.retryLength(labourer),
    taskManager.countClosed(labourer, 'completed', since),
    taskManager.countClosed(labourer, 'dead', since),
  ]);
  return { labourer: labourer.id, queued, running, expired, completed, retrying, closedOk, dead };
}

const COLUMNS = ['queued', 'running', 'expired', 'completed', 'retrying', 'closedOk', 'dead'] as const;
const HEADINGS = ['queued', 'running', 'expired', 'awaiting archive', 'retrying', 'closed ok', 'dead'];

/**
 * A fixed-width table of progress rows, one line per labourer, for a terminal.
 *
 * @example
 * ```ts
 * console.log(formatProgress([{ labourer: 'example_echo', queued: 3, running: 2, expired: 0, completed: 1, retrying: 0, closedOk: 9, dead: 0 }]));
 * ```
 */
export function formatProgress(rows: readonly LabourerProgress[]): string {
  const width = Math.max(8, ...rows.map((row) => row.labourer.length));
  const header = ['labourer'.padEnd(width), ...HEADINGS.map((h) => h.padStart(Math.max(h.length, 7)))].join(
    '  ',
  );
  const lines = rows.map((row) =>
    [
      row.labourer.padEnd(width),
      ...COLUMNS.map((key, i) => String(row[key]).padStart(Math.max((HEADINGS[i] ?? '').length, 7))),
    ].join('  '),
  );
  return [header, ...lines].join('\n');
}
