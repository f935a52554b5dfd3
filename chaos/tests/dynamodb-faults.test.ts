import { startFaultProxy } from '@sosw/testing';
import { describe, expect, it } from 'vitest';
import { report, scenarioSeeds, scheduleUntilDone, startChaosSystem } from '../src/index.js';
import { checkAndReport, storesJob } from './helpers.js';

/**
 * DynamoDB faults: every service (scheduler, orchestrator, scavenger, worker-assistant) reaches DynamoDB
 * Local through the fault proxy of @sosw/testing, which throttles, fails with 500, drops connections
 * before and AFTER forwarding (the write happened, the client saw an error and retries it) and delays a
 * share of all requests. The system must converge and keep its promise. The checker reads around the proxy.
 */

const TASKS = 200;

describe('DynamoDB faults', () => {
  for (const seed of scenarioSeeds(1)) {
    it(`converges through throttles, 500s, drops and latency (seed=${seed})`, async () => {
      report(`[chaos] dynamodb faults: seed=${seed} (replay: CHAOS_SEED=${seed})`);
      const startedAt = Date.now();
      const proxy = await startFaultProxy({
        target: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
        faults: {
          throttle: 0.05,
          error: 0.03,
          dropBefore: 0.02,
          dropAfter: 0.03,
          latency: 0.03,
          latencyMs: 400,
          seed,
        },
        log: () => undefined,
      });
      const system = await startChaosSystem({
        seed,
        labourer: { maxSimultaneousInvocations: 50, duration: 3, cooldown: 2, maxAttempts: 4 },
        worker: { failShare: 0.05, hangShare: 0 },
        schedulerBatchSize: 25,
        dynamodbEndpoint: proxy.endpoint,
      });
      try {
        const { job, taskIds } = storesJob(`chaos-ddb-${seed}`, TASKS);
        const services = ['orchestrator', 'scavenger', 'worker-assistant'] as const;
        await Promise.all(services.map((name) => system.service(name).start()));
        const lives = await scheduleUntilDone(await system.scheduler(job), 120_000);

        const settled = await system.settle(TASKS, 180_000);
        const counts = proxy.counts();
        const broken = await checkAndReport(system, {
          scenario: 'dynamodb faults',
          taskIds,
          startedAt,
          faults: { ...counts, scheduler_lives: lives },
          // A meta batch that fails past its retries is lost and logged (task-manager README).
          invokedMetaForEveryInvocation: false,
        });
        expect(broken, `seed=${seed}`).toBe('');
        expect(settled, `seed=${seed}: did not settle`).toBe(true);
        // The faults really happened, the nasty one included.
        expect(counts.dropAfter).toBeGreaterThan(0);
        expect(proxy.injected()).toBeGreaterThan(50);
      } finally {
        await system.stop();
        await proxy.stop();
      }
    });
  }
});
