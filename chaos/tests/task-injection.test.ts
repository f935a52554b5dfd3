import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { InMemoryMetricSource } from '@sosw/ecology';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import { TaskManager, type MetaRow, type TaskRow } from '@sosw/task-manager';
import {
  createTestTables,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localFunctionArn,
  startLocalLambda,
  type LocalLambda,
  type TestTables,
} from '@sosw/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOURER_ID, report, scenarioSeeds } from '../src/index.js';
import { metaRowsOf } from '../src/system/table-rows.js';

/**
 * Task injection (issue 8): rows written straight into the tasks table, past the scheduler, must not
 * steer the orchestrator. A queued row of a labourer that is not configured is never invoked and stays as
 * it was; a row of a configured labourer that carries its own `arn` / `lambda_name` / `function_name` (or a
 * payload posing as another task) is invoked through its labourer's configured ARN only. Every function
 * those rows point at exists on the local Lambda endpoint, so an invoke of one would be in its log.
 */

const [seed = 0] = scenarioSeeds(1);

/** A second labourer whose function is NOT named after it: only its configured ARN may be invoked. */
const SECOND_ID = 'chaos_second';
const SECOND_FUNCTION = 'chaos_second_fn';
const ROGUE_FUNCTION = 'chaos_rogue';
/** The functions the config names, by labourer. */
const CONFIGURED_FUNCTIONS: Readonly<Record<string, string>> = {
  [LABOURER_ID]: LABOURER_ID,
  [SECOND_ID]: SECOND_FUNCTION,
};
/** Functions on the endpoint that no labourer's ARN names: invoking one is the injection succeeding. */
const DECOYS = [ROGUE_FUNCTION, SECOND_ID];

/** Where an injected row tries to send its invocation: a decoy, or the other labourer's function. */
const target = fc.constantFrom(
  ROGUE_FUNCTION,
  localFunctionArn(ROGUE_FUNCTION),
  SECOND_ID,
  localFunctionArn(SECOND_ID),
  `${localFunctionArn(ROGUE_FUNCTION)}:$LATEST`,
  SECOND_FUNCTION,
);
/** The routing fields a row might carry, as sosw jobs, Lambda's API and the scheduler name a function. */
const routing = fc.record(
  { arn: target, lambda_name: target, function_name: target, FunctionName: target },
  { requiredKeys: [] },
);
/** A payload that poses as another task of another labourer, bound for another function. */
const forgedPayload = fc.record(
  {
    task_id: fc.constantFrom('forged-task', `${LABOURER_ID}-0`),
    labourer_id: fc.constantFrom(ROGUE_FUNCTION, SECOND_ID),
    arn: target,
    n: fc.integer(),
  },
  { requiredKeys: ['n'] },
);

/** Rows of labourers the config does not have: a decoy's name or ARN, a configured ARN, near-misses. */
const unconfiguredRow = fc.record({
  labourer_id: fc.constantFrom(
    ROGUE_FUNCTION,
    localFunctionArn(ROGUE_FUNCTION),
    localFunctionArn(LABOURER_ID),
    SECOND_FUNCTION,
    'Chaos_Worker',
    `${LABOURER_ID} `,
    `${SECOND_ID}:prod`,
  ),
  routing,
  payload: forgedPayload,
});

/** Rows of a configured labourer that carry their own routing fields. */
const configuredRow = fc.record({
  labourer_id: fc.constantFrom(LABOURER_ID, SECOND_ID),
  routing: routing.filter((fields) => Object.keys(fields).length > 0),
  payload: forgedPayload,
});

let tables: TestTables;
let lambda: LocalLambda;
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);

beforeAll(async () => {
  tables = await createTestTables(undefined, { client });
  lambda = await startLocalLambda({
    log: () => undefined,
    functions: Object.fromEntries(
      [...Object.values(CONFIGURED_FUNCTIONS), ...DECOYS].map((name) => [
        name,
        { handler: () => ({ ran: name }) },
      ]),
    ),
  });
});
afterAll(async () => {
  await lambda.stop();
  await tables.drop();
});

async function rowOf(taskId: string): Promise<TaskRow | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tables.names.tasks, Key: { task_id: taskId }, ConsistentRead: true }),
  );
  return Item as TaskRow | undefined;
}

function metaOf(taskId: string): Promise<MetaRow[]> {
  return metaRowsOf(documents, tables.names.meta, taskId);
}

describe('task injection', () => {
  it(`the orchestrator invokes only the ARNs in config, whatever a task row says (seed=${seed})`, async () => {
    report(`[chaos] task injection: seed=${seed} (replay: CHAOS_SEED=${seed})`);
    const where = { variables: { SOSW_TABLE_PREFIX: tables.prefix }, client: documents };
    const labourer = { max_simultaneous_invocations: 200, duration: 60, cooldown: 60, max_attempts: 3 };
    await saveConfig(
      'sosw_essential_config',
      {
        task_config: {
          labourers: Object.fromEntries(
            Object.entries(CONFIGURED_FUNCTIONS).map(([id, name]) => [
              id,
              { ...labourer, arn: localFunctionArn(name) },
            ]),
          ),
        },
      },
      where,
    );
    const lambdaClient = new LambdaClient({
      endpoint: lambda.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const orchestrator = new Orchestrator({
      config: await loadOrchestratorConfig(where),
      metricSource: new InMemoryMetricSource(),
      lambda: lambdaClient,
      tables: { ...tables.names },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      author: 'chaos_orchestrator',
    });
    const taskManager = new TaskManager({
      db: new DynamoClient(),
      tables: { ...tables.names },
      author: 'chaos',
    });

    // Normal tasks, through the task manager, as the scheduler writes them.
    const normal: Record<string, string[]> = {};
    for (const [id, count] of [
      [LABOURER_ID, 12],
      [SECOND_ID, 6],
    ] as const) {
      const { created } = await taskManager.createTasks(
        id,
        Array.from({ length: count }, (_, n) => ({ task_id: `normal-${id}-${n}`, payload: { n } })),
      );
      normal[id] = created.map((task) => task.task_id);
    }

    // Injected rows, written straight into the tasks table, queued among the normal ones.
    const inject = async (
      kind: string,
      rows: readonly { labourer_id: string; routing: object; payload: object }[],
    ): Promise<TaskRow[]> => {
      const written: TaskRow[] = [];
      for (const [n, row] of rows.entries()) {
        const item = {
          ...row.routing,
          task_id: `${kind}-${n}`,
          labourer_id: row.labourer_id,
          created_at: 1,
          greenfield: 1500 + 1000 * n,
          attempts: 0,
          payload: JSON.stringify(row.payload),
        } as TaskRow;
        await documents.send(new PutCommand({ TableName: tables.names.tasks, Item: item }));
        written.push(item);
      }
      return written;
    };
    const unconfigured = await inject('unconfigured', fc.sample(unconfiguredRow, { seed, numRuns: 10 }));
    const carrying = await inject('carrying', fc.sample(configuredRow, { seed: seed + 1, numRuns: 10 }));

    const summaries = [];
    for (let run = 0; run < 3; run++) {
      summaries.push(await orchestrator.run({ invocationId: `chaos-run-${run}` }));
      await lambda.idle();
    }

    // Only the configured labourers are orchestrated, and only their configured functions are invoked.
    for (const summary of summaries)
      expect(Object.keys(summary).sort()).toEqual(Object.keys(CONFIGURED_FUNCTIONS).sort());
    const invocations = [...lambda.invocations];
    const invokedFunctions = new Set(invocations.map((invocation) => invocation.name));
    for (const decoy of DECOYS) expect(invokedFunctions.has(decoy), `${decoy} was invoked`).toBe(false);

    for (const [id, functionName] of Object.entries(CONFIGURED_FUNCTIONS)) {
      const payloads = invocations
        .filter((invocation) => invocation.name === functionName)
        .map(
          (invocation) => invocation.payload as { task_id: string; labourer_id: string; attempts: number },
        );
      const expected = [
        ...(normal[id] ?? []),
        ...carrying.filter((row) => row.labourer_id === id).map((row) => row.task_id),
      ];
      // Each of its tasks once, each run carrying the task's own id and labourer: a payload's forged fields
      // are overwritten by the row's.
      expect(payloads.map((payload) => payload.task_id).sort(), functionName).toEqual([...expected].sort());
      for (const payload of payloads) {
        expect(payload.labourer_id).toBe(id);
        expect(payload.attempts).toBe(1);
      }
    }

    // A row of an unknown labourer is left exactly as written: never claimed, never invoked, no meta.
    for (const row of unconfigured) {
      expect(await rowOf(row.task_id), row.labourer_id).toEqual(row);
      expect(await metaOf(row.task_id)).toEqual([]);
    }
    // A row of a known labourer carrying its own routing was claimed once and invoked through config.
    for (const row of carrying) {
      const after = await rowOf(row.task_id);
      expect(after?.attempts, row.task_id).toBe(1);
      expect((await metaOf(row.task_id)).map((entry) => entry.action)).toEqual(['invoked']);
    }

    // The decoys are real functions on this endpoint: an invoke of one is in the log. So the absence above
    // means "never invoked", not "invoked but not seen".
    for (const decoy of DECOYS) {
      await lambdaClient.send(new InvokeCommand({ FunctionName: localFunctionArn(decoy), Payload: '{}' }));
      expect(lambda.invocations.some((invocation) => invocation.name === decoy)).toBe(true);
    }
    report(
      `[chaos] task injection seed=${seed} normal=${Object.values(normal).flat().length} ` +
        `unconfigured=${unconfigured.length} carrying=${carrying.length} invocations=${invocations.length} ` +
        `functions={${[...invokedFunctions].sort().join(',')}}`,
    );
  });
});
