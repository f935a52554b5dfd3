import { describe, expect, it } from 'vitest';
import {
  LABOURER_ID,
  report,
  scenarioSeeds,
  scheduleUntilDone,
  startChaosSystem,
  taskInvocations,
  workerFate,
} from '../src/index.js';
import { checkAndReport, storesJob } from './helpers.js';

/**
 * Load: one job through the whole system (the scheduler writes it; two orchestrators and two scavengers
 * work at once; the workers report to the worker-assistant), with 10% of worker runs failing and 1%
 * hanging past their timeout. Every task must close and the promise hold; the summary line gives the
 * end-to-end rate (tasks per second from the job's start to the last task closed).
 *
 * The count: `CHAOS_LOAD_TASKS`, else `DEFAULT_LOAD_TASKS`. The issue asks for 50,000: that passes, but
 * takes 12 minutes on a quiet 2-core machine (71 tasks/s end to end; 20 to 35 on a busy one, README "Load:
 * what fits"), over the suite's 10-minute budget. The default is what fits; the summary prints the count.
 */

const DEFAULT_LOAD_TASKS = 5_000;
const TASKS = Number(process.env.CHAOS_LOAD_TASKS ?? DEFAULT_LOAD_TASKS);
const WORKER = { failShare: 0.1, hangShare: 0.01 };
/** Time allowed: 10 tasks per second at the very worst (a quarter of the slowest rate measured). */
const TIMEOUT_MS = 120_000 + TASKS * 100;

describe('load', () => {
  for (const seed of scenarioSeeds(1)) {
    it(
      `closes ${TASKS} tasks with two orchestrators and two scavengers (seed=${seed})`,
      async () => {
        report(
          `[chaos] load: seed=${seed} tasks=${TASKS} (replay: CHAOS_SEED=${seed} CHAOS_LOAD_TASKS=${TASKS})`,
        );
        const startedAt = Date.now();
        const system = await startChaosSystem({
          seed,
          // A cooldown well above the time an invoke can take on a loaded machine: only hung and lost runs expire.
          labourer: { maxSimultaneousInvocations: 500, duration: 3, cooldown: 20, maxAttempts: 3 },
          worker: WORKER,
          orchestratorConfig: { invoke_concurrency: 64 },
          scavengerConfig: { tasks_limit: 2_000, retry_tasks_limit: 2_000 },
          tickMs: 200,
        });
        try {
          const { job, taskIds } = storesJob(`chaos-load-${seed}`, TASKS);
          const services = [
            'orchestrator',
            'orchestrator',
            'scavenger',
            'scavenger',
            'worker-assistant',
          ] as const;
          await Promise.all(services.map((name) => system.service(name).start()));
          const jobStartedAt = Date.now();
          await scheduleUntilDone(await system.scheduler(job), TIMEOUT_MS / 2);
          const scheduledMs = Date.now() - jobStartedAt;
          const settled = await system.settle(TASKS, TIMEOUT_MS - 60_000);
          const closedMs = Date.now() - jobStartedAt;
          report(
            `[chaos] load: scheduled in ${(scheduledMs / 1000).toFixed(1)} s, all closed in ${(closedMs / 1000).toFixed(1)} s: ${(TASKS / (closedMs / 1000)).toFixed(1)} tasks/s end to end`,
          );
          // The fates drawn (a run can also time out because this machine is slow: that is counted apart).
          const fates = { fail: 0, hang: 0, timed_out: 0 };
          for (const call of taskInvocations(system.lambda.invocations, [LABOURER_ID])) {
            const fate = workerFate({ seed, ...WORKER }, call.task_id, call.attempts);
            if (fate !== 'complete') fates[fate] += 1;
          }
          fates.timed_out = system.lambda.invocations.filter((call) => call.status === 'timed-out').length;
          const broken = await checkAndReport(system, {
            scenario: 'load',
            taskIds,
            startedAt,
            faults: {
              worker_runs: system.lambda.invocations.length,
              failed_runs: fates.fail,
              hung_runs: fates.hang,
              timed_out_runs: fates.timed_out,
            },
            invokedMetaForEveryInvocation: true,
          });
          expect(broken, `seed=${seed}`).toBe('');
          expect(settled, `seed=${seed}: did not settle`).toBe(true);
          expect(fates.fail).toBeGreaterThan(0);
          expect(fates.hang).toBeGreaterThan(0);
        } finally {
          await system.stop();
        }
      },
      TIMEOUT_MS,
    );
  }
});
