import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import { TaskManager, type TaskTables } from '@sosw/task-manager';
import { startLocalLambda } from '@sosw/testing';
import { loadWorkerAssistantConfig, WorkerAssistant } from '@sosw/worker-assistant';
import type { DynamoDbCalls } from '../dynamodb-calls.js';
import { median } from '../measure.js';
import type { Figure } from '../report.js';

/** The labourer of the dispatch line: its worker takes `WORK_MS` and reports, as a real one does. */
export const DISPATCH_LABOURER = 'bench_dispatch';

/** How long one task's worker runs. */
const WORK_MS = 1_000;

/** The labourer's cap. */
const CAP = 20;

/** Orchestrator runs measured with nothing queued, for the idle cost. */
const IDLE_RUNS = 10;

const quiet = { info: () => undefined, warn: console.warn, error: console.error };

export interface DispatchOptions {
  /** Tasks of the job (default 2,000: a makespan of 100 s at the ideal). */
  count: number;
  tables: TaskTables;
  calls: DynamoDbCalls;
}

/** The value at a quantile of some numbers (nearest rank). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Continuous dispatch (issue 16): `count` tasks of `WORK_MS` at a cap of `CAP`. One orchestrator run
 * (what the schedule starts, with the infra's 15 minutes) dispatches them; the worker, behind a local
 * Lambda endpoint in this process, works `WORK_MS` and reports its completion through the real
 * worker-assistant (an asynchronous invoke of the same endpoint). Measured:
 * - the makespan, beside the ideal `count x WORK_MS / CAP` and beside what sosw's per-minute model gives
 *   (`ceil(count / CAP)` minutes: computed, not run);
 * - the use of the cap: the workers' busy time over `CAP x makespan`;
 * - from a slot freeing (a completion recorded) to the invoke that refills it: p50 and p95;
 * - the orchestrator's cost: its Lambda seconds, and DynamoDB read and write units, per 1,000 tasks; and
 *   per hour idle (a run a minute finding nothing queued).
 */
export async function measureDispatch({ count, tables, calls }: DispatchOptions): Promise<Figure[]> {
  await saveConfig('sosw_essential_config', {
    task_config: {
      labourers: {
        [DISPATCH_LABOURER]: {
          arn: DISPATCH_LABOURER,
          max_simultaneous_invocations: CAP,
          duration: 60,
          cooldown: 0,
        },
      },
    },
  });
  const invokedAt: number[] = [];
  const freedAt: number[] = [];
  // Per task: when its worker started and when its completion was recorded (its slot freed).
  const startedById = new Map<string, number>();
  let runningMs = 0;
  const lambda = await startLocalLambda({ log: () => undefined });
  const client = new LambdaClient({ endpoint: lambda.endpoint });
  const assistant = new WorkerAssistant({
    config: await loadWorkerAssistantConfig(),
    db: new DynamoClient(),
    tables,
    logger: quiet,
    stats: new Stats(),
  });
  lambda.register('sosw_worker_assistant', {
    handler: async (event: unknown) => {
      const result = await assistant.handle(event);
      if (result.outcome === 'completed') {
        const freed = performance.now();
        freedAt.push(freed);
        runningMs += freed - (startedById.get(result.task_id) ?? freed);
      }
      return result;
    },
  });
  lambda.register(DISPATCH_LABOURER, {
    handler: async (event: unknown) => {
      const started = performance.now();
      invokedAt.push(started);
      const task = event as { task_id: string; labourer_id: string };
      startedById.set(task.task_id, started);
      await new Promise((resolve) => setTimeout(resolve, WORK_MS));
      await client.send(
        new InvokeCommand({
          FunctionName: 'sosw_worker_assistant',
          InvocationType: 'Event',
          Payload: Buffer.from(
            JSON.stringify({
              action: 'mark_task_as_completed',
              task_id: task.task_id,
              labourer_id: task.labourer_id,
            }),
          ),
        }),
      );
    },
  });

  const orchestratorStats = new Stats();
  const orchestrator = new Orchestrator({
    config: await loadOrchestratorConfig(),
    db: new DynamoClient({ client: calls.client(), stats: orchestratorStats }),
    lambda: client,
    tables,
    stats: orchestratorStats,
    logger: quiet,
  });
  try {
    await new TaskManager({ db: new DynamoClient(), tables }).createTasks(
      DISPATCH_LABOURER,
      Array.from({ length: count }, (_, n) => ({ task_id: `dispatch-${String(n)}`, payload: { n } })),
    );
    calls.take();
    const started = performance.now();
    const summary = await orchestrator.run({ remainingMs: 15 * 60_000 });
    const dispatchEnded = performance.now();
    const cost = calls.take();
    await lambda.idle();
    const makespanMs = Math.max(...freedAt) - started;
    if (summary[DISPATCH_LABOURER]?.invoked !== count || freedAt.length !== count) {
      throw new Error(
        `dispatch line: ${String(summary[DISPATCH_LABOURER]?.invoked)} invoked, ${freedAt.length} completed of ${count}`,
      );
    }
    // The i-th slot to free is refilled by the (CAP + i)-th invoke: both lists are in time order.
    const sortedInvokes = [...invokedAt].sort((a, b) => a - b);
    const sortedFrees = [...freedAt].sort((a, b) => a - b);
    const refills = sortedFrees
      .slice(0, count - CAP)
      .map((freed, i) => (sortedInvokes[CAP + i] ?? Number.NaN) - freed);

    const idealMs = (count * WORK_MS) / CAP;
    const perMinuteMs = Math.ceil(count / CAP) * 60_000;
    const runSeconds = (dispatchEnded - started) / 1000;

    // Idle: runs that find nothing queued, as the schedule makes them once a minute.
    calls.take();
    const idleStarted = performance.now();
    for (let run = 0; run < IDLE_RUNS; run++) await orchestrator.run({ remainingMs: 15 * 60_000 });
    const idleMsPerRun = (performance.now() - idleStarted) / IDLE_RUNS;
    const idle = calls.take();
    const perThousand = 1000 / count;
    const writeUnits = cost.taskWriteUnits + cost.metaWriteUnits;
    const idleWriteUnits = idle.taskWriteUnits + idle.metaWriteUnits;

    const line = (metric: string, value: number, unit: string): Figure => ({
      scenario: 'dispatch',
      metric,
      value,
      unit,
    });
    return [
      line(
        `makespan: ${count.toLocaleString('en-US')} tasks of ${WORK_MS / 1000} s at a cap of ${CAP} (ideal ${(idealMs / 1000).toFixed(0)} s; goal <= 1.15 x)`,
        makespanMs / 1000,
        `s (${(makespanMs / idealMs).toFixed(3)} x ideal)`,
      ),
      line(
        `sosw's per-minute model for the same job: ceil(N / C) minutes (computed)`,
        perMinuteMs / 1000,
        `s (${(perMinuteMs / makespanMs).toFixed(1)} x ours)`,
      ),
      line(
        'use of the cap: running (worker started to completion recorded) / (cap x makespan) (goal >= 90%)',
        (runningMs / (CAP * makespanMs)) * 100,
        '%',
      ),
      line(
        'use of the cap by the work itself: 1 s per task / (cap x makespan)',
        (idealMs / makespanMs) * 100,
        '%',
      ),
      line('slot freed -> refilled: p50', median(refills), 'ms'),
      line('slot freed -> refilled: p95 (goal <= 2,000 ms)', quantile(refills, 0.95), 'ms'),
      line(
        'orchestrator Lambda seconds per 1,000 tasks (one run held the lease)',
        runSeconds * perThousand,
        's',
      ),
      line('orchestrator DynamoDB read units per 1,000 tasks', cost.readUnits * perThousand, 'RCU'),
      line(
        'orchestrator DynamoDB write units per 1,000 tasks (meta rows included)',
        writeUnits * perThousand,
        'WCU',
      ),
      line(
        'idle: orchestrator Lambda seconds per hour (a run a minute, nothing queued)',
        (idleMsPerRun / 1000) * 60,
        's',
      ),
      line('idle: DynamoDB calls per hour', (idle.calls / IDLE_RUNS) * 60, 'calls'),
      line('idle: DynamoDB read units per hour', (idle.readUnits / IDLE_RUNS) * 60, 'RCU'),
      line('idle: DynamoDB write units per hour', (idleWriteUnits / IDLE_RUNS) * 60, 'WCU'),
    ];
  } finally {
    await lambda.stop();
    client.destroy();
  }
}
