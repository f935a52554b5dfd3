import { describe, expect, it } from 'vitest';
import { LABOURER_ID, report, scenarioSeeds, scheduleUntilDone, startChaosSystem } from '../src/index.js';
import { checkAndReport, storesJob } from './helpers.js';

/**
 * Lambda faults: the local Lambda endpoint answers a share of the orchestrator's invokes of the worker
 * with 429 `TooManyRequestsException`, 500 `ServiceException`, no answer until the connection is dropped
 * (the function never runs for them), or runs the function and then drops the connection instead of
 * answering (`lost-answer`). The SDK retries the answered ones; a claim whose invoke Lambda finally
 * refuses is rolled back. An invoke with no answer is neither resent nor rolled back: the task stays
 * invoked and, if it did not run, expires and is retried as the next attempt. No task may be lost or run
 * twice for one attempt, and every run must have its `invoked` meta row.
 */

const TASKS = 200;

describe('Lambda faults', () => {
  for (const seed of scenarioSeeds(1)) {
    it(`rolls back or retries every faulted invoke (seed=${seed})`, async () => {
      report(`[chaos] lambda faults: seed=${seed} (replay: CHAOS_SEED=${seed})`);
      const startedAt = Date.now();
      const system = await startChaosSystem({
        seed,
        // A shared resource below the labourer's cap: its budget is the one the cap invariant holds.
        labourer: {
          maxSimultaneousInvocations: 50,
          resourceMaxSimultaneous: 30,
          duration: 3,
          cooldown: 2,
          maxAttempts: 4,
        },
        worker: { failShare: 0.05, hangShare: 0 },
      });
      try {
        system.lambda.setFaults({
          rate: 0.3,
          kinds: ['throttle', 'error', 'timeout', 'lost-answer'],
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
        expect(Object.keys(faults).sort()).toEqual(['error', 'lost-answer', 'throttle', 'timeout']);
      } finally {
        await system.stop();
      }
    });
  }
});
