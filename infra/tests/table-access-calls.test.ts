import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, saveConfig, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import { loadScavengerConfig, Scavenger } from '@sosw/scavenger';
import { parseSchedulerConfig, Scheduler } from '@sosw/scheduler';
import { INDEXES, TABLE_KEYS, type TableKey } from '@sosw/tables';
import { TaskManager } from '@sosw/task-manager';
import { createTestTables, startLocalLambda, type LocalLambda, type TestTables } from '@sosw/testing';
import { loadWorkerAssistantConfig, WorkerAssistant } from '@sosw/worker-assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Essential } from '../src/naming.js';
import { ESSENTIAL_TABLE_ACCESS } from '../src/table-access.js';

/**
 * The IAM grants of `ESSENTIAL_TABLE_ACCESS` against the DynamoDB calls each essential really makes: its
 * processor (what its Lambda handler builds) runs a task's whole life on DynamoDB Local, through an SDK
 * client that records every call as the IAM actions it needs, table by table and index by index. DynamoDB
 * Local checks no permission, so without this a call the grants miss would first fail in AWS, as
 * `AccessDeniedException`.
 */

/** One needed permission: `<table key>[/<index>] <action>`, e.g. `meta dynamodb:BatchWriteItem`. */
type Need = string;

/** The IAM actions a request needs, per table (and index): a transaction needs its items' actions. */
function needsOf(command: string, input: Record<string, unknown>, keyOf: (table: string) => string): Need[] {
  const on = (table: unknown, action: string, index?: unknown) =>
    `${keyOf(String(table))}${typeof index === 'string' ? `/${index}` : ''} dynamodb:${action}`;
  const single: Record<string, string> = {
    GetItemCommand: 'GetItem',
    PutItemCommand: 'PutItem',
    UpdateItemCommand: 'UpdateItem',
    DeleteItemCommand: 'DeleteItem',
    QueryCommand: 'Query',
    ScanCommand: 'Scan',
  };
  const action = single[command];
  if (action !== undefined) return [on(input.TableName, action, input.IndexName)];
  if (command === 'BatchGetItemCommand' || command === 'BatchWriteItemCommand') {
    const batch = command === 'BatchGetItemCommand' ? 'BatchGetItem' : 'BatchWriteItem';
    return Object.keys(input.RequestItems as object).map((table) => on(table, batch));
  }
  if (command === 'TransactWriteItemsCommand') {
    const kinds = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    };
    return (input.TransactItems as Record<string, { TableName: string } | undefined>[]).flatMap((item) =>
      Object.entries(kinds).flatMap(([kind, needed]) => {
        const part = item[kind];
        return part === undefined ? [] : [on(part.TableName, needed)];
      }),
    );
  }
  return [`(unknown) ${command}`];
}

/** What the grants allow one essential, in the same shape. */
function granted(essential: Essential): Set<Need> {
  const allowed = new Set<Need>();
  for (const [key, grant] of Object.entries(ESSENTIAL_TABLE_ACCESS[essential])) {
    for (const action of grant.table ?? []) allowed.add(`${key} ${action}`);
    for (const [index, actions] of Object.entries(grant.indexes ?? {})) {
      for (const action of actions) allowed.add(`${key}/${index} ${action}`);
    }
  }
  return allowed;
}

const ESSENTIALS: readonly Essential[] = ['scheduler', 'orchestrator', 'worker-assistant', 'scavenger'];

let tables: TestTables;
let lambda: LocalLambda;
const needs = new Map<Essential, Set<Need>>(ESSENTIALS.map((essential) => [essential, new Set()]));

/** A DynamoDB client of `essential` that records the permissions of every call it sends. */
function recordingClient(essential: Essential): DynamoDBClient {
  const keys = new Map(TABLE_KEYS.map((key: TableKey) => [tables.names[key], key]));
  const client = new DynamoDBClient({});
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      for (const need of needsOf(context.commandName ?? '', input, (table) => keys.get(table) ?? table)) {
        needs.get(essential)?.add(need);
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordTablePermissions' },
  );
  return client;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const service = (essential: Essential) => {
  const stats = new Stats();
  return { stats, db: new DynamoClient({ client: recordingClient(essential), stats }), logger: quiet };
};

// `ok` runs and reports, `gone` is not deployed (its invoke fails: the claim is rolled back), `once` has
// one attempt (its failure is buried).
const LABOURERS = {
  iam_ok: { arn: 'iam_ok', duration: 60, cooldown: 0, max_attempts: 3, max_simultaneous_invocations: 10 },
  iam_gone: { arn: 'iam_gone', duration: 60, cooldown: 0, max_attempts: 3, max_simultaneous_invocations: 10 },
  iam_once: { arn: 'iam_once', duration: 60, cooldown: 0, max_attempts: 1, max_simultaneous_invocations: 10 },
};

beforeAll(async () => {
  tables = await createTestTables();
  lambda = await startLocalLambda({
    functions: { iam_ok: { handler: () => undefined }, iam_once: { handler: () => undefined } },
    log: () => undefined,
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  process.env.SOSW_TABLE_PREFIX = tables.prefix;
  await saveConfig('sosw_essential_config', { task_config: { labourers: LABOURERS } });

  // The scheduler: a job per labourer (stores are chunked into a task each).
  const scheduling = service('scheduler');
  const scheduler = new Scheduler({
    config: parseSchedulerConfig({
      s3_bucket: 'unused-in-one-run',
      // `iam_keyed` is the scheduler's alone: its keyed jobs are not dispatched.
      task_config: { labourers: { ...LABOURERS, iam_keyed: { arn: 'iam_keyed' } } },
      job_schema: { chunkable_attrs: ['section', 'store'] },
    }),
    taskManager: new TaskManager({ ...scheduling, tables: { ...tables.names }, author: 'sosw_scheduler' }),
    stats: scheduling.stats,
    logger: quiet,
  });
  const stores = { iam_ok: ['a', 'b', 'c', 'd'], iam_gone: ['a'], iam_once: ['a'] };
  const schedulerContext = (awsRequestId: string) => ({
    awsRequestId,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler',
    getRemainingTimeInMillis: () => 900_000,
  });
  for (const [labourer, list] of Object.entries(stores)) {
    await scheduler.run(
      { job: { lambda_name: labourer, isolate_stores: true, sections: { s: { stores: list } } } },
      schedulerContext(`job-${labourer}`),
    );
  }
  // Two jobs keyed by store (fair share): the second reads the first's flow row and the task it names.
  for (const list of [['a', 'b'], ['c']]) {
    await scheduler.run(
      {
        job: {
          lambda_name: 'iam_keyed',
          concurrency_key: 'store',
          isolate_stores: true,
          sections: { s: { stores: list } },
        },
      },
      schedulerContext(`keyed-${list.join('')}`),
    );
  }

  // The orchestrator invokes them all; the invoke of `iam_gone` fails and is rolled back.
  const orchestrator = new Orchestrator({
    ...service('orchestrator'),
    tables: { ...tables.names },
    lambda: new LambdaClient({}),
    config: await loadOrchestratorConfig(),
  });
  await orchestrator.run({ invocationId: 'iam-orchestrator' });

  // The worker-assistant takes every kind of report.
  const reader = new DynamoClient();
  const windowOf = new TaskManager({ db: reader, tables: { ...tables.names } });
  const running = async (labourerId: 'iam_ok' | 'iam_once') => {
    const invoked = windowOf.window(LABOURERS[labourerId]).start;
    const tasks = await reader.query<{ task_id: string }>(tables.names.tasks, {
      index: INDEXES.greenfield,
      partitionKey: { name: 'labourer_id', value: labourerId },
      sortKey: { name: 'greenfield', ge: invoked },
    });
    return tasks.map((task) => task.task_id);
  };
  const [done, failed, dead, misnamed] = await running('iam_ok');
  const [once] = await running('iam_once');
  expect([done, failed, dead, misnamed, once].every((id) => id !== undefined)).toBe(true);
  const assistant = new WorkerAssistant({
    ...service('worker-assistant'),
    tables: { ...tables.names },
    config: await loadWorkerAssistantConfig(),
  });
  const report = (action: string, taskId: string | undefined, labourerId?: string) =>
    assistant.handle({
      action,
      task_id: taskId,
      ...(labourerId !== undefined && { labourer_id: labourerId }),
    });
  expect((await report('mark_task_as_completed', done, 'iam_ok')).outcome).toBe('completed');
  expect((await report('mark_task_as_failed', failed, 'iam_ok')).outcome).toBe('failed');
  expect((await report('mark_task_as_dead', dead, 'iam_ok')).outcome).toBe('buried');
  expect((await report('mark_task_as_completed', misnamed, 'iam_once')).outcome).toBe('labourer_id_mismatch');
  expect((await report('mark_task_as_completed', misnamed)).outcome).toBe('completed');
  expect((await report('mark_task_as_failed', once, 'iam_once')).outcome).toBe('failed');

  // The scavenger archives, retries and buries; two hours later it brings the retry back to the queue.
  const scavenge = async (clock?: FixedClock) => {
    const scavenger = new Scavenger({
      ...service('scavenger'),
      tables: { ...tables.names },
      config: await loadScavengerConfig(),
      ...(clock !== undefined && { clock }),
    });
    return scavenger.run({ invocationId: 'iam-scavenger' });
  };
  const first = await scavenge();
  expect(first.iam_ok).toMatchObject({ archived: 2, moved_to_retry: 1 });
  expect(first.iam_once).toMatchObject({ buried: 1 });
  const later = await scavenge(new FixedClock(Date.now() + 2 * 3600 * 1000));
  expect(later.iam_ok).toMatchObject({ retried: 1 });
});

afterAll(async () => {
  await lambda.stop();
  await tables.drop();
});

describe("each essential's DynamoDB grants", () => {
  it.each(ESSENTIALS)('cover every call the %s makes in a task lifecycle', (essential) => {
    const made = [...(needs.get(essential) ?? [])].sort();
    expect(made.length).toBeGreaterThan(0);
    const allowed = granted(essential);
    expect(made.filter((need) => !allowed.has(need))).toEqual([]);
  });
});
