import { Stats, mapConcurrent } from '@sosw/core';
import { DynamoClient, STAT_NAMES } from '@sosw/dynamo-client';
import { type Labourer, TaskManager, taskTableNames } from '@sosw/task-manager';
import { perSecond, timed } from '../measure.js';
import type { Figure } from '../report.js';
import type { Floor } from './floor.js';

/** DynamoDB calls and capacity of one phase, read off the client's stats. */
interface Cost {
  calls: number;
  capacityUnits: number;
  writeUnits: number;
}

function costOf(stats: Stats): Cost {
  const current = stats.current();
  const sum = (match: (name: string) => boolean) =>
    Object.entries(current)
      .filter(([name]) => match(name))
      .reduce((total, [, value]) => total + value, 0);
  return {
    calls: sum((name) => name.startsWith('dynamodb_') && name.endsWith('_calls')),
    capacityUnits: current[STAT_NAMES.consumedCapacity] ?? 0,
    writeUnits: current[STAT_NAMES.consumedWrite] ?? 0,
  };
}

/**
 * A task's whole life at scale, through the task-manager the services run: create `count` tasks, claim and
 * invoke them all in one orchestrator pass (the local Lambda endpoint answers 202), report each completed
 * (as the worker-assistant does), and archive them in one scavenger pass.
 */
export async function measureLifecycle(prefix: string, count: number, floor: Floor): Promise<Figure[]> {
  const stats = new Stats();
  const db = new DynamoClient({ stats });
  const taskManager = new TaskManager({
    db,
    stats,
    tables: taskTableNames(undefined, prefix),
    author: 'bench',
  });
  const labourer: Labourer = {
    id: 'bench_worker',
    arn: 'bench_worker',
    maxSimultaneousInvocations: count,
    maxAttempts: 3,
    duration: 900,
    cooldown: 300,
    healthMetrics: {},
  };
  const figures: Figure[] = [];
  const total: Cost = { calls: 0, capacityUnits: 0, writeUnits: 0 };
  const phase = async (
    name: string,
    unit: string,
    work: () => Promise<number>,
    floorRate?: [number, string],
  ) => {
    stats.reset();
    const { result: items, ms } = await timed(work);
    const cost = costOf(stats);
    total.calls += cost.calls;
    total.capacityUnits += cost.capacityUnits;
    total.writeUnits += cost.writeUnits;
    const rate = perSecond(items, ms);
    figures.push({
      scenario: 'lifecycle',
      metric: `${name} (${items.toLocaleString('en-US')} tasks)`,
      value: rate,
      unit,
      ...(floorRate ? { ofFloor: rate / floorRate[0], floor: floorRate[1] } : {}),
    });
    figures.push({
      scenario: 'lifecycle',
      metric: `${name}: DynamoDB calls per task`,
      value: cost.calls / items,
      unit: 'calls',
    });
    return ms;
  };

  const batchFloor: [number, string] = [floor.batchItemsPerSecond, 'BatchWriteItem items/s'];
  const updateFloor: [number, string] = [floor.conditionalUpdatePerSecond, 'conditional UpdateItem/s'];

  const taskIds: string[] = [];
  await phase(
    'create',
    'tasks/s',
    async () => {
      for (let offset = 0; offset < count; offset += 1000) {
        const inputs = Array.from({ length: Math.min(1000, count - offset) }, (_, i) => ({
          payload: { account: offset + i, date: '2026-11-21' },
        }));
        const { created } = await taskManager.createTasks(labourer.id, inputs);
        taskIds.push(...created.map((task) => task.task_id));
      }
      return taskIds.length;
    },
    batchFloor,
  );

  await phase(
    'claim + invoke (one orchestrator run)',
    'tasks/s',
    async () => {
      const window = taskManager.window(labourer);
      return (await taskManager.claimAndInvoke(labourer, window, count, { concurrency: 32 })).invoked;
    },
    updateFloor,
  );

  await phase(
    'complete (worker-assistant reports)',
    'tasks/s',
    async () => {
      const outcomes = await mapConcurrent(taskIds, 32, (taskId) =>
        taskManager.markCompleted(taskId, { labourerId: labourer.id }),
      );
      return outcomes.filter((o) => o.outcome === 'completed').length;
    },
    updateFloor,
  );

  const scavengerMs = await phase(
    'archive (one scavenger run)',
    'tasks/s',
    async () => (await taskManager.scavenge(labourer, { limit: count })).archived.done.length,
    batchFloor,
  );
  figures.push({
    scenario: 'lifecycle',
    metric: 'one scavenger run over the completed tasks',
    value: scavengerMs / 1000,
    unit: 's',
  });

  figures.push(
    {
      scenario: 'lifecycle',
      metric: 'DynamoDB calls per task, creation to archive',
      value: total.calls / count,
      unit: 'calls',
    },
    {
      scenario: 'lifecycle',
      metric: 'capacity units per task, creation to archive',
      value: total.capacityUnits / count,
      unit: 'units',
    },
  );
  return figures;
}
