import { openDeployment } from './deployment.js';
import { labourerProgress, type LabourerProgress } from './progress.js';

/** A day, the window of the closed counts of `sosw status`. */
export const STATUS_WINDOW_SECONDS = 86_400;

/**
 * Per labourer of the deployment under `prefix`: queue length, running, expired, completed awaiting
 * archive, retrying, closed ok / dead in the last 24 h, and its eco status and invocation budget with the
 * health metrics behind them.
 *
 * @example
 * ```ts
 * for (const row of await status('dev_')) console.log(row.labourer, row.queued, row.dead, row.eco.budget);
 * ```
 */
export async function status(prefix: string, env?: string, now = Date.now()): Promise<LabourerProgress[]> {
  const { labourers, taskManager, ecology } = await openDeployment(prefix, env);
  const since = Math.floor(now / 1000) - STATUS_WINDOW_SECONDS;
  const ecologyRun = ecology.startRun(labourers);
  return Promise.all(labourers.map((labourer) => labourerProgress(taskManager, labourer, since, ecologyRun)));
}
