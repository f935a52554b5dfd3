import { taskId } from '@sosw/scheduler';
import { formatSummary, formatViolations, LABOURER_ID, report, type ChaosSystem } from '../src/index.js';

/** 0, 1, ..., n - 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A scheduler job of `tasks` tasks (one per store), and the task ids the scheduler gives them. */
export function storesJob(jobId: string, tasks: number): { job: object; taskIds: string[] } {
  return {
    job: { lambda_name: LABOURER_ID, job_id: jobId, isolate_stores: true, stores: range(tasks) },
    taskIds: range(tasks).map((n) => taskId(jobId, n)),
  };
}

/**
 * A scheduler job of `tenants × storesPerTenant` tasks keyed by tenant, and the task ids the scheduler
 * gives them. Tenants are the job's sections (a chunkable level holding stores), so each task carries
 * `sections: ['tenant-<n>']` and `concurrency_key: 'section'` keys it by its tenant (fair share and the
 * per-key cap).
 */
export function tenantsJob(
  jobId: string,
  tenants: number,
  storesPerTenant: number,
): { job: object; taskIds: string[] } {
  return {
    job: {
      lambda_name: LABOURER_ID,
      job_id: jobId,
      isolate_sections: true,
      isolate_stores: true,
      sections: Object.fromEntries(
        range(tenants).map((n) => [`tenant-${String(n)}`, { stores: range(storesPerTenant) }]),
      ),
      concurrency_key: 'section',
    },
    taskIds: range(tenants * storesPerTenant).map((n) => taskId(jobId, n)),
  };
}

/** What `checkAndReport` needs to know of a scenario's run. */
export interface RunReport {
  scenario: string;
  taskIds: readonly string[];
  startedAt: number;
  kills?: number;
  faults?: Readonly<Record<string, number>>;
  invokedMetaForEveryInvocation: boolean;
}

/**
 * Ends a scenario: stops its services (nothing may change while the checker reads), checks the promise,
 * prints the one-line summary and gives the violations that break the run, as text ('' when none). A
 * cap sampler that saw nothing running (no sample, or never a task) watched nothing: that breaks the run
 * too, or `cap_exceeded` would pass for want of looking.
 */
export async function checkAndReport(system: ChaosSystem, run: RunReport): Promise<string> {
  await Promise.all(system.services.map((service) => service.stop()));
  const violations = await system.check(run.taskIds, {
    invokedMetaForEveryInvocation: run.invokedMetaForEveryInvocation,
  });
  const cap = system.cap();
  report(
    formatSummary({
      scenario: run.scenario,
      seed: system.seed,
      tasks: run.taskIds.length,
      ...(run.kills === undefined ? {} : { kills: run.kills }),
      ...(run.faults === undefined ? {} : { faults: run.faults }),
      running: cap,
      elapsedMs: Date.now() - run.startedAt,
      violations: violations.length,
    }),
  );
  const unwatched =
    cap.max === 0
      ? [`the cap sampler saw no task running in ${cap.samples} samples (${cap.skipped} skipped)`]
      : [];
  return [formatViolations(violations), ...unwatched].filter((text) => text !== '').join('\n');
}
