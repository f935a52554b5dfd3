import { describe, expect, it } from 'vitest';
import { LABOURER_ID, report, scenarioSeeds, scheduleUntilDone, startChaosSystem } from '../src/index.js';
import { checkAndReport, storesJob } from './helpers.js';

/**
 * Lambda faults: the local Lambda endpoint answers a share of the orchestrator's invokes of the worker
 * with 429 `TooManyRequestsException`, 500 `ServiceException`, or no answer until the connection is
 * dropped (the function never runs for them). The SDK retries some; a claim whose invoke finally fails
 * is rolled back, or (when the rollback itself cannot be made) the task expires and is retried. No task
 * may be lost or run twice for one attempt, and every run must have its `invoked` meta row.
 */

const TASKS = 200;

describe('Lambda faults', () => {
  for (const seed of scenarioSeeds(1)) {
    it(`rolls back or retries every faulted invoke (seed=${seed})`, async () => {
      report(`[chaos] lambda faults: seed=${seed} (replay: CHAOS_SEED=${seed})`);
      const startedAt = Date.now();
      const system = await startChaosSystem({
        seed,
        labourer: { maxSimultaneousInvocations: 50, duration: 3, cooldown: 2, maxAttempts: 4 },
        worker: { failShare: 0.05, hangShare: 0 },
      });
      try {
        system.lambda.setFaults({
          rate: 0.3,
          kinds: ['throttle', 'error', 'timeout'],
          seed,
          functions: [LABOURER_ID],
          hangMs: 1_000,
        });
        const { job, taskIds } = storesJob(`chaos-lambda-${seed}`, TASKS);
        const services = ['orchestrator', 'scavenger', 'worker-assistant'] as const;
        await Promise.all(services.map((name) => system.service(name).start()));
        await scheduleUntilDone(await system.scheduler(job), 120_000);

        const settled = await system.settle(TASKS, 180_000);
        const faults: Record<string, number> = {};
        for (const fault of system.lambda.injectedFaults) faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
        const broken = await checkAndReport(system, {
          scenario: 'lambda faults',
          taskIds,
          startedAt,
          faults,
          // No kills and a healthy DynamoDB: every run must have its `invoked` row.
          invokedMetaForEveryInvocation: true,
        });
        expect(broken, `seed=${seed}`).toBe('');
        expect(settled, `seed=${seed}: did not settle`).toBe(true);
        expect(Object.keys(faults).sort()).toEqual(['error', 'throttle', 'timeout']);
      } finally {
        await system.stop();
      }
    });
  }
});
