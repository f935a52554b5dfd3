import { mapConcurrent } from '@sosw/core';
import type { Deployment } from '../deployment.js';
import { labourerProgress, type LabourerProgress } from '../progress.js';
import { STATUS_WINDOW_SECONDS } from '../status.js';

/** The live figures of every labourer at one moment: what the labourer table shows. */
export interface Figures {
  /** When they were read, epoch milliseconds. */
  at: number;
  /** Closed ok and buried count tasks closed at or after this, epoch seconds (24 h before `at`). */
  since: number;
  /** One row per labourer of `sosw_essential_config`, in its order. */
  labourers: LabourerProgress[];
}

/**
 * Labourers read at once. Each one is seven `Select: COUNT` queries in parallel (`labourerProgress`), so
 * 100 labourers make 700 queries, at most `8 x 7` in flight.
 */
export const FIGURES_CONCURRENCY = 8;

/**
 * Reads the figures of `sosw status` for every labourer of a deployment: the same counts
 * (`labourerProgress`, closed ok and buried over the last 24 h) and the same eco status, budget and
 * health metrics, with bounded concurrency.
 *
 * @example
 * ```ts
 * const { labourers } = await readFigures(await openDeployment('dev_'), Date.now());
 * ```
 */
export async function readFigures(deployment: Deployment, nowMs: number): Promise<Figures> {
  const since = Math.floor(nowMs / 1000) - STATUS_WINDOW_SECONDS;
  // One ecology run per refresh: the health metrics of every labourer in one CloudWatch call.
  const ecologyRun = deployment.ecology.startRun(deployment.labourers);
  const labourers = await mapConcurrent(deployment.labourers, FIGURES_CONCURRENCY, (labourer) =>
    labourerProgress(deployment.taskManager, labourer, since, ecologyRun),
  );
  return { at: nowMs, since, labourers };
}
