import { mapConcurrent, nowSeconds, saveConfig, Stats, systemClock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import { loadScavengerConfig, Scavenger } from '@sosw/scavenger';
import { INDEXES } from '@sosw/tables';
import { runWindow, type TaskTables } from '@sosw/task-manager';
import { loadWorkerAssistantConfig, WorkerAssistant } from '@sosw/worker-assistant';
import { addCosts, floorMsOf, type CallCost, type DynamoDbCalls } from '../dynamodb-calls.js';
import { perSecond, timed, timedWithCpu } from '../measure.js';
import type { Figure } from '../report.js';
import type { ArchiveFloor } from './archive-floor.js';
import { FLOOR_NAMES, type FloorKind, type FloorProbe } from './floor.js';
import { scheduleJob } from './scheduler.js';

/** The labourer whose tasks live this life; the local Lambda endpoint serves a function of this name. */
export const BENCH_LABOURER = 'bench_worker';

/** Tasks the bare archive transactions are measured on, just before the archive line. */
const ARCHIVE_FLOOR_TASKS = 3_300;

/** Reports sent to the worker-assistant at once: as many worker-assistant containers running together. */
const REPORTS_IN_FLIGHT = 32;

/** Python sosw on this kind of machine at 10,000 tasks (the figures), meta rows included. */
const SOSW = { callsPerTask: 10, writeUnitsPerTask: 14 };

/** Logs warnings and errors; a bench run of 10,000 tasks would otherwise print a line per report. */
const quiet = { info: () => undefined, warn: console.warn, error: console.error };

export interface LifecycleOptions {
  count: number;
  tables: TaskTables;
  calls: DynamoDbCalls;
  /** Measures the floor again just before each line, so each is held to the floor of its own minute. */
  probe: FloorProbe;
  /** The archive transactions sent bare, measured just before the archive line. */
  archiveFloor: ArchiveFloor;
}

/**
 * A task's whole life at scale, through the services' processors (what each Lambda handler builds, with
 * its config loaded from the config table as the handler loads it): the scheduler creates `count` tasks,
 * one orchestrator run claims and invokes them all (the local Lambda endpoint, in a process of its own,
 * answers 202), the worker-assistant takes `count` completion reports, `REPORTS_IN_FLIGHT` at a time, and
 * one scavenger run archives them. Every DynamoDB call is counted with its capacity, meta rows apart.
 */
export async function measureLifecycle({
  count,
  tables,
  calls,
  probe,
  archiveFloor,
}: LifecycleOptions): Promise<Figure[]> {
  await saveConfig('sosw_essential_config', {
    task_config: {
      labourers: {
        [BENCH_LABOURER]: { arn: BENCH_LABOURER, max_simultaneous_invocations: count, duration: 900 },
      },
    },
  });
  const service = () => {
    const stats = new Stats();
    return { stats, db: new DynamoClient({ client: calls.client(), stats }), tables, logger: quiet };
  };
  const orchestrator = new Orchestrator({ ...service(), config: await loadOrchestratorConfig() });
  const assistant = new WorkerAssistant({ ...service(), config: await loadWorkerAssistantConfig() });
  const scavenger = new Scavenger({
    ...service(),
    // One run archives them all, so its time is the archive rate (500 per labourer per run by default).
    config: await loadScavengerConfig({ overrides: { tasks_limit: count } }),
  });

  const figures: Figure[] = [];
  const costs: CallCost[] = [];
  const phase = async (
    name: string,
    work: () => Promise<{ items: number; ms: number }>,
    floorKind: FloorKind,
  ) => {
    const rates = await probe.rates();
    const floorValue = rates[floorKind];
    calls.take();
    const {
      result: { items, ms },
      cpuPercent,
    } = await timedWithCpu(work);
    const cost = calls.take();
    costs.push(cost);
    const rate = perSecond(items, ms);
    figures.push(
      {
        scenario: 'lifecycle',
        metric: `${name} (${items.toLocaleString('en-US')} tasks)`,
        value: rate,
        unit: 'tasks/s',
        ofFloor: rate / floorValue,
        floor: FLOOR_NAMES[floorKind],
        floorValue,
        ofWriteFloor: floorMsOf(cost, rates) / ms,
      },
      {
        scenario: 'lifecycle',
        metric: `${name}: DynamoDB calls per task (meta only)`,
        value: cost.calls / items,
        unit: `calls (${(cost.metaCalls / items).toFixed(2)})`,
      },
      {
        scenario: 'lifecycle',
        metric: `${name}: writes per task (single + batch items + transaction actions)`,
        value: (cost.singleWrites + cost.batchItems + cost.transactActions) / items,
        unit: `(${[cost.singleWrites, cost.batchItems, cost.transactActions].map((n) => (n / items).toFixed(2)).join(' + ')})`,
      },
      {
        // 100% is one core kept busy: the line is bound by this process (the SDK's work per request:
        // signing, serializing, HTTP), not by DynamoDB Local.
        scenario: 'lifecycle',
        metric: `${name}: CPU of the process measured (its share of one core)`,
        value: cpuPercent,
        unit: '%',
      },
      {
        scenario: 'lifecycle',
        metric: `${name}: write units per task (task tables + meta)`,
        value: (cost.taskWriteUnits + cost.metaWriteUnits) / items,
        unit: `WU (${(cost.taskWriteUnits / items).toFixed(2)} + ${(cost.metaWriteUnits / items).toFixed(2)})`,
      },
    );
    return ms;
  };

  await phase(
    'create: scheduler, one job',
    async () => {
      const { created, ms } = await scheduleJob({
        labourerId: BENCH_LABOURER,
        count,
        client: calls.client(),
        stats: new Stats(),
        tables,
      });
      return { items: created, ms };
    },
    'batchItems',
  );

  await phase(
    'claim + invoke: one orchestrator run',
    async () => {
      const { result, ms } = await timed(() => orchestrator.run({ invocationId: 'bench-orchestrator' }));
      const outcome = result[BENCH_LABOURER];
      if (outcome?.error !== undefined) throw new Error(`the orchestrator failed: ${outcome.error}`);
      return { items: outcome?.invoked ?? 0, ms };
    },
    'conditionalUpdate',
  );

  await phase(
    'complete: worker-assistant reports',
    async () => {
      const taskIds = await runningTaskIds(tables, count);
      const { result, ms } = await timed(() =>
        mapConcurrent(taskIds, REPORTS_IN_FLIGHT, (taskId, index) =>
          assistant.handle(
            {
              action: 'mark_task_as_completed',
              task_id: taskId,
              labourer_id: BENCH_LABOURER,
              stats: { rows: 1 },
            },
            { invocationId: `bench-report-${index}` },
          ),
        ),
      );
      return { items: result.filter((r) => r.outcome === 'completed').length, ms };
    },
    'conditionalUpdate',
  );

  let scavengerMs = 0;
  let archived = 0;
  const bareArchive = await archiveFloor.tasksPerSecond(ARCHIVE_FLOOR_TASKS);
  await phase(
    'archive: one scavenger run',
    async () => {
      const { result, ms } = await timed(() => scavenger.run({ invocationId: 'bench-scavenger' }));
      scavengerMs = ms;
      archived = result[BENCH_LABOURER]?.archived ?? 0;
      return { items: archived, ms };
    },
    'batchItems',
  );
  figures.push(
    {
      scenario: 'lifecycle',
      metric: 'one scavenger run over the completed tasks',
      value: scavengerMs / 1000,
      unit: 's',
    },
    {
      // The archive transactions alone, sent bare on tables with sosw's indexes (archive-floor.ts): what
      // DynamoDB Local allows for exactly the archive line's transactions, measured just before it.
      scenario: 'lifecycle',
      metric: 'archive: the same transactions sent with the bare SDK (33 tasks each, 8 in flight)',
      value: bareArchive,
      unit: 'tasks/s',
    },
    {
      scenario: 'lifecycle',
      metric: 'archive: the scavenger run against those bare transactions',
      value: (perSecond(archived, scavengerMs) / bareArchive) * 100,
      unit: '%',
    },
  );

  const total = addCosts(costs);
  const writeUnits = total.taskWriteUnits + total.metaWriteUnits;
  figures.push(
    {
      scenario: 'lifecycle',
      metric: 'DynamoDB calls per task, creation to archive (meta only)',
      value: total.calls / count,
      unit: `calls (${(total.metaCalls / count).toFixed(2)})`,
      ofFloor: total.calls / count / SOSW.callsPerTask,
      floor: `Python sosw's ${SOSW.callsPerTask}`,
    },
    {
      scenario: 'lifecycle',
      metric: 'write units per task: task tables + meta = total',
      value: writeUnits / count,
      unit: `WU (${(total.taskWriteUnits / count).toFixed(2)} + ${(total.metaWriteUnits / count).toFixed(2)})`,
      ofFloor: writeUnits / count / SOSW.writeUnitsPerTask,
      floor: `Python sosw's ${SOSW.writeUnitsPerTask}`,
    },
    {
      scenario: 'lifecycle',
      metric: 'read units per task, creation to archive',
      value: total.readUnits / count,
      unit: 'RU',
    },
  );
  return figures;
}

/**
 * The ids of the labourer's running tasks (all that the orchestrator run invoked), read with a client of
 * its own so that the read is not counted in the worker-assistant's cost.
 */
async function runningTaskIds(tables: TaskTables, count: number): Promise<string[]> {
  const window = runWindow(nowSeconds(systemClock), { duration: 900, cooldown: 300 });
  const running = await new DynamoClient().query<{ task_id: string }>(tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: { name: 'labourer_id', value: BENCH_LABOURER },
    sortKey: { name: 'greenfield', gt: window.expired },
    limit: count,
  });
  return running.map((task) => task.task_id);
}
