import type { EcologyRun } from '@sosw/ecology';
import type { Labourer, TaskManager } from '@sosw/task-manager';
import { labourerEco, type LabourerEco } from './eco.js';

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
  /** Eco status and invocation budget, as the orchestrator would work them out now. */
  eco: LabourerEco;
  /**
   * The budget the dispatcher works with while its workers meet throttling (it cut the ecology's and is
   * growing it back), as its lease row last said; `undefined` while it follows the ecology.
   */
  learnedCap: number | undefined;
}

/**
 * Counts a labourer's tasks in every state with task-manager's `Select: COUNT` queries, and works out its
 * eco status and budget from `ecologyRun` (one run for all labourers of a refresh: one CloudWatch call).
 *
 * @example
 * ```ts
 * const run = ecology.startRun(labourers);
 * const progress = await labourerProgress(taskManager, labourer, nowSeconds() - 86_400, run);
 * ```
 */
export async function labourerProgress(
  taskManager: TaskManager,
  labourer: Labourer,
  since: number,
  ecologyRun: EcologyRun,
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
  const [eco, learnedCap] = await Promise.all([
    labourerEco(ecologyRun, labourer, running),
    learnedBudget(taskManager, labourer.id),
  ]);
  return {
    labourer: labourer.id,
    queued,
    running,
    expired,
    completed,
    retrying,
    closedOk,
    dead,
    eco,
    learnedCap,
  };
}

/** The learned budget the labourer's lease row keeps, if the dispatcher works with one. */
async function learnedBudget(taskManager: TaskManager, labourerId: string): Promise<number | undefined> {
  try {
    const state = (await taskManager.leases.read(labourerId))?.state;
    return state?.budget_reason === 'learned' ? state.effective_budget : undefined;
  } catch (error) {
    // A deployment made before continuous dispatch has no sosw_dispatch table: nothing learned there.
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** The cap as a person reads it: the learned budget, when there is one, says so. */
export function capText(row: Pick<LabourerProgress, 'eco' | 'learnedCap'>): string {
  return row.learnedCap === undefined
    ? String(row.eco.cap)
    : `${String(row.learnedCap)} learned (eco ${String(row.eco.cap)})`;
}

type Count = 'queued' | 'running' | 'expired' | 'completed' | 'retrying' | 'closedOk' | 'dead';
const count = (heading: string, key: Count) => ({
  heading,
  cell: (row: LabourerProgress) => String(row[key]),
});

/** The table's columns after the labourer: a heading and how to show a row's value. */
const COLUMNS: ReadonlyArray<{ heading: string; cell: (row: LabourerProgress) => string }> = [
  count('queued', 'queued'),
  // Against the cap: continuous dispatch keeps it full while there is queued work, and never above it.
  { heading: 'running/cap', cell: (row) => `${String(row.running)}/${capText(row)}` },
  count('expired', 'expired'),
  count('awaiting archive', 'completed'),
  count('retrying', 'retrying'),
  count('closed ok', 'closedOk'),
  count('dead', 'dead'),
  { heading: 'eco', cell: (row) => `${String(row.eco.status)} ${row.eco.statusName}` },
  { heading: 'budget', cell: (row) => String(row.eco.budget) },
];

/**
 * A fixed-width table of progress rows, one line per labourer, for a terminal.
 *
 * @example
 * ```ts
 * console.log(formatProgress(await status('dev_')));
 * ```
 */
export function formatProgress(rows: readonly LabourerProgress[]): string {
  const width = Math.max(8, ...rows.map((row) => row.labourer.length));
  const widths = COLUMNS.map((column) =>
    Math.max(7, column.heading.length, ...rows.map((row) => column.cell(row).length)),
  );
  const header = [
    'labourer'.padEnd(width),
    ...COLUMNS.map((c, i) => c.heading.padStart(widths[i] ?? 7)),
  ].join('  ');
  const lines = rows.map((row) =>
    [row.labourer.padEnd(width), ...COLUMNS.map((c, i) => c.cell(row).padStart(widths[i] ?? 7))].join('  '),
  );
  return [header, ...lines].join('\n');
}
