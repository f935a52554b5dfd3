import { STATS_PULLER } from './demo.js';
import { DEMO_HEALTH_METRICS } from './demo-health.js';
import type { LabourerEntry } from './labourers.js';

/**
 * A local labourer's `duration` and its function's timeout. Failed tasks come back within seconds anyway
 * (a failure report makes the task expired now, and the retry delays are 1-3 s); this only bounds how long
 * a task lost without a report waits. The worker SDK stops 5 s before the timeout, so it must be well above 5.
 */
export const LOCAL_DURATION_SECONDS = 20;

/** The config rows `sosw start` writes: name -> value. */
export type ConfigRows = Record<string, Record<string, unknown>>;

/**
 * The config of a local run: the example labourers with short durations and a cooldown of 1 s, more
 * attempts (the simulated API fails on purpose), fast retries, and the scheduler's chunking by store. The
 * stats puller depends on the demo's downstream health (`DEMO_HEALTH_METRICS`), read from the local
 * CloudWatch endpoint.
 *
 * @example
 * ```ts
 * const rows = localConfig(await readWorkerLabourers(root));
 * for (const [name, value] of Object.entries(rows)) await saveConfig(name, value);
 * ```
 */
export function localConfig(labourers: Record<string, LabourerEntry>): ConfigRows {
  const local = Object.fromEntries(
    Object.entries(labourers).map(([id, entry]) => [
      id,
      {
        ...entry,
        duration: LOCAL_DURATION_SECONDS,
        cooldown: 1,
        max_attempts: 6,
        ...(id === STATS_PULLER ? { health_metrics: DEMO_HEALTH_METRICS } : {}),
      },
    ]),
  );
  return {
    sosw_essential_config: { task_config: { labourers: local } },
    sosw_scheduler_config: {
      // Never used for a demo of this size (no continuation), but the scheduler requires one.
      s3_bucket: 'sosw-local',
      job_schema: { chunkable_attrs: ['section', 'store'] },
    },
    sosw_scavenger_config: { retry_policy: { kind: 'exponential', base_seconds: 1, cap_seconds: 3 } },
  };
}
