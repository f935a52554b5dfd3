import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { handler as orchestrator } from '@sosw/orchestrator/handler';
import { handler as scavenger } from '@sosw/scavenger/handler';
import { TaskManager, type TaskRow } from '@sosw/task-manager';
import {
  createTestTables,
  startLocalLambda,
  type LocalLambda,
  type LocalFunction,
  type TestTables,
} from '@sosw/testing';
import { handler as workerAssistant } from '@sosw/worker-assistant/handler';

/**
 * The whole of sosw on this machine, as deployed: the essentials' real handlers and the workers behind a
 * local Lambda endpoint (reached through `AWS_ENDPOINT_URL_LAMBDA`), all on DynamoDB Local under this test
 * file's table prefix, with their config in the config table.
 */
export interface LocalSystem {
  tables: TestTables;
  lambda: LocalLambda;
  taskManager: TaskManager;
  /** One orchestrator run (a synchronous invoke, as the schedule rule's would be) and its summary. */
  orchestrate(): Promise<unknown>;
  /** One scavenger run and its summary. */
  scavenge(): Promise<unknown>;
  /** Sends an event to the worker-assistant and gives its answer. */
  report(event: object): Promise<unknown>;
  stop(): Promise<void>;
}

const lambdaClient = () => new LambdaClient({});

/** Invokes `name` synchronously and gives its parsed answer; a function error fails the test. */
export async function invokeSync(name: string, event: object = {}): Promise<unknown> {
  const answer = await lambdaClient().send(
    new InvokeCommand({ FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );
  const text = new TextDecoder().decode(answer.Payload);
  if (answer.FunctionError) throw new Error(`${name} failed: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Reports to the worker-assistant as a worker does: an asynchronous invoke. */
export async function reportAsync(event: object): Promise<void> {
  await lambdaClient().send(
    new InvokeCommand({
      FunctionName: 'sosw_worker_assistant',
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
}

/**
 * A worker that works `workMs` and reports its completion to the worker-assistant, asynchronously, as a
 * worker built with @sosw/worker does.
 */
export function reportingWorker(workMs: number): LocalFunction {
  return {
    handler: async (event: unknown) => {
      const task = event as { task_id: string; labourer_id: string };
      await new Promise((resolve) => setTimeout(resolve, workMs));
      await reportAsync({
        action: 'mark_task_as_completed',
        task_id: task.task_id,
        labourer_id: task.labourer_id,
      });
    },
  };
}

/** Invokes the orchestrator asynchronously, as the schedule rule (or a dispatch request) does. */
export async function startOrchestrator(event: object = { source: 'aws.events' }): Promise<void> {
  await lambdaClient().send(
    new InvokeCommand({
      FunctionName: 'sosw_orchestrator',
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
}

/** Options of `startLocalSystem`. */
export interface LocalSystemOptions {
  /**
   * The orchestrator's Lambda timeout, in seconds. Default 60: a synchronous `orchestrate()` returns when
   * the queues are empty or 10 s before it. The infra deploys it with 900, for continuous dispatch.
   */
  orchestratorTimeoutSeconds?: number;
  /** `task_config.resources`: downstream systems the labourers share. Default none. */
  resources?: Record<string, object>;
}

export async function startLocalSystem(
  labourers: Record<string, object>,
  workers: Record<string, LocalFunction>,
  { orchestratorTimeoutSeconds = 60, resources = {} }: LocalSystemOptions = {},
): Promise<LocalSystem> {
  const tables = await createTestTables();
  // Read by every essential when it builds: its tables, and where its Lambda calls go.
  process.env.SOSW_TABLE_PREFIX = tables.prefix;
  await saveConfig('sosw_essential_config', { task_config: { labourers, resources } });
  const lambda = await startLocalLambda({
    functions: {
      ...workers,
      sosw_orchestrator: { handler: orchestrator, timeoutSeconds: orchestratorTimeoutSeconds },
      sosw_scavenger: { handler: scavenger, timeoutSeconds: 60 },
      sosw_worker_assistant: { handler: workerAssistant, concurrency: 8 },
    },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  const taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names }, author: 'e2e' });
  return {
    tables,
    lambda,
    taskManager,
    orchestrate: () => invokeSync('sosw_orchestrator'),
    scavenge: () => invokeSync('sosw_scavenger'),
    report: (event) => invokeSync('sosw_worker_assistant', event),
    stop: async () => {
      await lambda.idle();
      await lambda.stop();
      await tables.drop();
    },
  };
}

/** Runs orchestrator and scavenger, letting the workers finish in between, until `done()` or the rounds run out. */
export async function runUntil(
  system: LocalSystem,
  done: () => Promise<boolean>,
  { rounds = 80, pauseMs = 250 } = {},
): Promise<number> {
  for (let round = 1; round <= rounds; round++) {
    await system.orchestrate();
    await system.lambda.idle();
    await system.scavenge();
    if (await done()) return round;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`the system did not settle in ${rounds} rounds`);
}

/** The rows left in a table (these tables hold a few hundred rows at most). */
export async function rowsOf<T = TaskRow>(tableName: string): Promise<T[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
