import { startDynamoDbLocal, startFaultProxy, type DynamoDbLocal } from '@sosw/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  between,
  report,
  scenarioSeeds,
  scheduleUntilDone,
  seededStreams,
  startChaosSystem,
} from '../src/index.js';
import { checkAndReport, storesJob } from './helpers.js';

/**
 * DynamoDB Local restarted mid-run: this scenario runs its own DynamoDB Local on the JVM with a data
 * directory (so the tables survive), behind the fault proxy used as a plain relay, so every client keeps
 * one endpoint while DynamoDB goes away and comes back on another port. It is stopped twice while the
 * services work; they must recover on their next tick, and the promise must hold.
 */

const TASKS = 200;
const RESTARTS = 2;

/** A DynamoDB Local of our own: the run's endpoint variable is set, and would be taken as it is. */
async function ownDynamoDbLocal(dbPath: string): Promise<DynamoDbLocal> {
  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    return await startDynamoDbLocal({ preferJvm: true, dbPath, log: () => undefined });
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = given;
  }
}

describe('DynamoDB Local restarted mid-run', () => {
  for (const seed of scenarioSeeds(1)) {
    it(`recovers on the next tick after each restart (seed=${seed})`, async () => {
      report(`[chaos] dynamodb restart: seed=${seed} (replay: CHAOS_SEED=${seed})`);
      const startedAt = Date.now();
      const random = seededStreams(seed).kills;
      const dbPath = await mkdtemp(join(tmpdir(), 'sosw-chaos-ddb-'));
      let dynamodb = await ownDynamoDbLocal(dbPath);
      const relay = await startFaultProxy({ target: dynamodb.endpoint, log: () => undefined });
      const runEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
      // Everything of this scenario (tables, config, checker, services) goes to the relay.
      process.env.AWS_ENDPOINT_URL_DYNAMODB = relay.endpoint;
      const system = await startChaosSystem({
        seed,
        labourer: { maxSimultaneousInvocations: 40, duration: 3, cooldown: 2, maxAttempts: 5 },
        worker: { failShare: 0.05, hangShare: 0 },
        schedulerBatchSize: 20,
      });
      try {
        const { job, taskIds } = storesJob(`chaos-restart-${seed}`, TASKS);
        const services = ['orchestrator', 'scavenger', 'worker-assistant'] as const;
        await Promise.all(services.map((name) => system.service(name).start()));
        // The restarts come while the scheduler writes and the others work. Restarted there (seed 397835131),
        // DynamoDB Local once cut the answer to a write of new tasks that had landed; the SDK sent it again
        // after the task was claimed, had expired and moved to retry, and the then unconditional put brought
        // it back to run twice. Creation is conditional now (task-manager's `createTasks`).
        const scheduling = scheduleUntilDone(await system.scheduler(job), 240_000);
        const downMs: number[] = [];
        for (let n = 0; n < RESTARTS; n++) {
          await sleep(between(random, 1_000, 5_000));
          const stoppedAt = Date.now();
          await dynamodb.stop();
          await sleep(between(random, 500, 2_000));
          dynamodb = await ownDynamoDbLocal(dbPath);
          relay.setTarget(dynamodb.endpoint);
          downMs.push(Date.now() - stoppedAt);
        }
        const lives = await scheduling;

        const settled = await system.settle(TASKS, 180_000);
        const broken = await checkAndReport(system, {
          scenario: 'dynamodb restart',
          taskIds,
          startedAt,
          faults: {
            restarts: RESTARTS,
            down_ms: downMs.reduce((a, b) => a + b, 0),
            unreachable: relay.counts().unreachable,
            scheduler_lives: lives,
          },
          // Runs cut short by the restart lose their meta batch (task-manager README).
          invokedMetaForEveryInvocation: false,
        });
        expect(broken, `seed=${seed}`).toBe('');
        expect(settled, `seed=${seed}: did not settle`).toBe(true);
        expect(relay.counts().unreachable).toBeGreaterThan(0);
      } finally {
        await system.stop();
        process.env.AWS_ENDPOINT_URL_DYNAMODB = runEndpoint;
        await relay.stop();
        await dynamodb.stop();
        await rm(dbPath, { recursive: true, force: true });
      }
    });
  }
});
