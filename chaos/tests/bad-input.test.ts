import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConfigError,
  ESSENTIAL_CONFIG_NAME,
  configRowName,
  formatPath,
  loadConfig,
  SoswError,
  ValidationError,
} from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { InMemoryMetricSource, parseEcologyConfig, parseHealthMetrics } from '@sosw/ecology';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import { loadScavengerConfig } from '@sosw/scavenger';
import { InvalidJob, parseSchedulerConfig, Scheduler, schedulerConfigSchema } from '@sosw/scheduler';
import { parseTaskConfig, TaskManager, type TaskRow } from '@sosw/task-manager';
import {
  createTestTables,
  fakeLambdaContext,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startLocalLambda,
  type LocalLambda,
  type TestTables,
} from '@sosw/testing';
import { defineApp, defineQueueWorker, type QueueContext } from '@sosw/worker';
import {
  loadWorkerAssistantConfig,
  WorkerAssistant,
  workerAssistantConfigSchema,
} from '@sosw/worker-assistant';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  configRowValue,
  mutatedConfig,
  valueAt,
  type DocumentPath,
} from '../src/bad-input/config-documents.js';
import { namedPaths, Tally, within } from '../src/bad-input/malformed.js';
import { malformedSchedulerEvent, schedulerConfigFor, validJob } from '../src/bad-input/scheduler-jobs.js';
import { badBody, goodBody, ORDERS_QUEUE_ARN, sqsRecord, type Order } from '../src/bad-input/sqs-records.js';
import { countRows, metaRowsOf } from '../src/system/table-rows.js';
import {
  forTask,
  malformedReport,
  mismatchedLabourerReport,
  validReport,
} from '../src/bad-input/worker-reports.js';
import { LABOURER_ID, report, scenarioSeeds } from '../src/index.js';

/**
 * Bad input (issue 8): property-based fuzzing of what comes into sosw from outside (scheduler events and
 * jobs, worker reports, SQS record bodies, config documents). A malformed input must be refused with the
 * service's typed error naming the field at fault, never a raw `TypeError` / `RangeError` /
 * `SyntaxError`, and must write nothing; a valid input mixed in must do its work; a well-formed report
 * naming a labourer that is not the task's is refused as an outcome, the task untouched. Everything that
 * writes runs against DynamoDB Local. One seed drives every property (`CHAOS_SEED` replays it).
 */

const [seed = 0] = scenarioSeeds(1);
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);
let tables: TestTables;
let taskManager: TaskManager;
// Where the scheduler's dispatch requests go: a local endpoint with no orchestrator, which refuses them
// (logged, never thrown), so no request leaves this machine.
let lambda: LocalLambda;

beforeAll(async () => {
  report(`[chaos] bad input: seed=${seed} (replay: CHAOS_SEED=${seed})`);
  tables = await createTestTables(undefined, { client });
  lambda = await startLocalLambda({ log: () => undefined });
  taskManager = new TaskManager({
    db: new DynamoClient(),
    lambda: new LambdaClient({
      endpoint: lambda.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
    tables: { ...tables.names },
    author: 'chaos',
    logger: silent,
  });
});
afterAll(async () => {
  await lambda.stop();
  await tables.drop();
});

/** What the promise rejected with; fails the test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome) return outcome.error;
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
}

/** `error` as a reader sees it in a failure: its class and message. */
function shown(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** The rows and meta rows a write would change, of the tasks and meta tables. */
async function tableCounts(): Promise<{ tasks: number; meta: number }> {
  const [tasks, meta] = await Promise.all([
    countRows(client, tables.names.tasks),
    countRows(client, tables.names.meta),
  ]);
  return { tasks, meta };
}

describe('bad input', () => {
  it('the scheduler refuses every malformed event with InvalidJob naming the field, writing nothing', async () => {
    const scheduler = new Scheduler({
      // Small batches: a job that failed part-way would leave some written.
      config: parseSchedulerConfig({ ...schedulerConfigFor(LABOURER_ID), write_batch_size: 2 }),
      taskManager,
      logger: silent,
    });
    const context = () => ({ awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 900_000 });
    const refused = new Tally();
    let written = 0;
    let run = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: malformedSchedulerEvent(LABOURER_ID).map((bad) => ({ bad })) },
          { weight: 1, arbitrary: validJob(LABOURER_ID).map((good) => ({ good })) },
        ),
        async (input) => {
          const before = await tableCounts();
          if ('good' in input) {
            const jobId = `valid-${seed}-${run++}`;
            const result = await scheduler.run({ job: { ...input.good.job, job_id: jobId } }, context());
            expect(result.tasks_created).toBe(input.good.tasks);
            const after = await tableCounts();
            expect(after).toEqual({
              tasks: before.tasks + input.good.tasks,
              meta: before.meta + input.good.tasks,
            });
            written += input.good.tasks;
            return;
          }
          const { bad } = input;
          const error = await rejection(scheduler.run(bad.input, context()));
          expect(error, shown(error)).toBeInstanceOf(InvalidJob);
          const paths = namedPaths(error);
          expect(
            paths.some((path) => within(path, bad.field)),
            `${shown(error)} should name ${bad.field}`,
          ).toBe(true);
          expect(await tableCounts(), 'a refused event wrote').toEqual(before);
          refused.add(bad.flaw);
        },
      ),
      { seed, numRuns: 100 },
    );
    report(
      `[chaos] bad input: scheduler seed=${seed} refused=${refused.total} {${refused.toString()}} tasks_written=${written}`,
    );
  });

  it('the worker-assistant refuses every malformed report with a typed error naming the field, writing nothing, and every report naming another labourer as labourer_id_mismatch', async () => {
    const timing = { duration: 60, cooldown: 30 };
    const labourer = { id: LABOURER_ID, ...timing };
    // A second labourer of the config, with a timing: its failures reach the task (rather than stopping
    // at `UnknownLabourerError`), and must be refused there for naming the wrong labourer.
    const OTHER = 'chaos_other_worker';
    const assistant = new WorkerAssistant({
      config: workerAssistantConfigSchema.parse({
        task_config: {
          labourers: {
            [LABOURER_ID]: { arn: LABOURER_ID, ...timing },
            [OTHER]: { arn: OTHER, ...timing },
          },
        },
      }),
      tables: { ...tables.names },
      logger: silent,
      author: 'chaos_worker_assistant',
    });
    const refused = new Tally();
    const recorded = new Tally();
    const mismatched = new Tally();
    let run = 0;

    /** A task created and claimed, as the orchestrator leaves it: ready to take its worker's report. */
    const invokedTask = async (): Promise<string> => {
      const taskId = `report-${seed}-${run++}`;
      await taskManager.createTasks(LABOURER_ID, [{ task_id: taskId, payload: { n: run } }]);
      const { task } = await taskManager.getTask(taskId);
      const claimed = await taskManager.claim(labourer, task!, taskManager.window(labourer));
      expect(claimed, `claim of ${taskId}`).toBeDefined();
      return taskId;
    };
    const rowOf = async (table: string, taskId: string) =>
      (
        await documents.send(
          new GetCommand({ TableName: table, Key: { task_id: taskId }, ConsistentRead: true }),
        )
      ).Item as TaskRow | undefined;
    const metaOf = (taskId: string) => metaRowsOf(documents, tables.names.meta, taskId);

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: malformedReport(LABOURER_ID, [OTHER]).map((bad) => ({ bad })) },
          { weight: 1, arbitrary: validReport(LABOURER_ID).map((good) => ({ good })) },
          {
            weight: 1,
            arbitrary: mismatchedLabourerReport(LABOURER_ID, OTHER).map((misnamed) => ({ misnamed })),
          },
        ),
        async (input) => {
          const taskId = await invokedTask();
          const row = await rowOf(tables.names.tasks, taskId);
          const meta = await metaOf(taskId);

          if ('good' in input) {
            const sent = forTask(input.good, taskId) as Record<string, unknown>;
            const { outcome } = await assistant.handle(sent);
            const after = await rowOf(tables.names.tasks, taskId);
            // The story as the task manager tells it: a completed task carries its `marked_as_completed`
            // row until it is archived.
            const story = (await taskManager.getTask(taskId)).meta.map((entry) => entry.action);
            if (sent.action === 'mark_task_as_dead') {
              expect(outcome).toBe('buried');
              expect(after).toBeUndefined();
              expect(await rowOf(tables.names.closed, taskId)).toBeDefined();
              expect(story).toContain('archived_dead');
            } else {
              const completed = sent.action === 'mark_task_as_completed';
              expect(outcome).toBe(completed ? 'completed' : 'failed');
              expect(story).toContain(completed ? 'marked_as_completed' : 'marked_as_failed');
              for (const [prefix, fields] of [
                ['stat_', sent.stats],
                ['result_', sent.result],
              ] as const) {
                const reported = (typeof fields === 'string' ? JSON.parse(fields) : fields) as
                  Record<string, unknown> | null | undefined;
                for (const [key, value] of Object.entries(reported ?? {})) {
                  expect(
                    (after as Record<string, unknown> | undefined)?.[`${prefix}${key}`],
                    `${prefix}${key}`,
                  ).toEqual(value);
                }
              }
              if (completed) expect(after?.completed_at).toBeDefined();
              else expect(after?.failed_attempts).toBe(1);
            }
            recorded.add(String(sent.action));
            return;
          }
          if ('misnamed' in input) {
            const sent = forTask(input.misnamed, taskId) as Record<string, unknown>;
            const action = String(sent.action);
            const named = String(sent.labourer_id);
            const kind = action.replace('mark_task_as_', ''); // completed, failed, dead
            const { outcome } = await assistant.handle(sent);
            expect(outcome, `${action} naming ${named}`).toBe('labourer_id_mismatch');
            expect(
              await rowOf(tables.names.tasks, taskId),
              `${action} naming ${named} changed the task`,
            ).toEqual(row);
            expect(
              await rowOf(tables.names.closed, taskId),
              `${action} naming ${named} closed the task`,
            ).toBeUndefined();
            const story = await metaOf(taskId);
            expect(story, 'a rejected report changed earlier meta rows').toEqual(
              expect.arrayContaining(meta),
            );
            const added = story.filter((entry) => !meta.some((old) => old.created_at === entry.created_at));
            // One meta row, under the task's own labourer, that says what was reported and by whom.
            const [rejected, ...more] = added;
            expect(more, `${action} naming ${named}: meta rows after the first`).toEqual([]);
            expect(rejected?.action, `${action} naming ${named}: meta`).toBe('completion_rejected');
            expect(rejected?.labourer_id).toBe(LABOURER_ID);
            expect(rejected?.details).toMatchObject({
              reported: kind,
              outcome: 'labourer_id_mismatch',
              reported_labourer_id: named,
            });
            mismatched.add(`${kind} by ${named === OTHER ? 'other' : 'stranger'}`);
            return;
          }
          const { bad } = input;
          const error = await rejection(assistant.handle(forTask(bad.input, taskId)));
          expect(error, shown(error)).toBeInstanceOf(SoswError);
          if (error instanceof ValidationError) {
            expect(
              namedPaths(error).some((path) => within(path, bad.field)),
              `${shown(error)} should name ${bad.field}`,
            ).toBe(true);
          } else {
            expect((error as Error).message, `${shown(error)} should name ${bad.field}`).toContain(bad.field);
          }
          expect(await rowOf(tables.names.tasks, taskId), 'a refused report changed the task').toEqual(row);
          expect(await metaOf(taskId), 'a refused report wrote to meta').toEqual(meta);
          refused.add(bad.flaw);
        },
      ),
      // 100: three in five runs are malformed reports, as many as before the misnamed ones joined.
      { seed, numRuns: 100 },
    );
    report(
      `[chaos] bad input: worker-assistant seed=${seed} refused=${refused.total} {${refused.toString()}} recorded={${recorded.toString()}} mismatched={${mismatched.toString()}}`,
    );
  });

  it('a queue worker drops every malformed record with a typed error naming the field, and runs the rest', async () => {
    const orderSchema = z.object({ orderId: z.string(), quantity: z.number().int().min(1) });
    let ran = new Map<string, Order>();
    let dropped = new Map<string, unknown>();
    const work = (order: Order, { messageId }: QueueContext) => {
      ran.set(messageId, order);
    };
    const deadLetter = (record: SQSRecord, error: unknown) => {
      dropped.set(record.messageId, error);
    };
    type BatchHandler = (event: SQSEvent, context: ReturnType<typeof fakeLambdaContext>) => Promise<unknown>;
    const handlers: Record<string, BatchHandler> = {
      defineQueueWorker: defineQueueWorker(work, { schema: orderSchema, deadLetter, logger: silent }),
      'defineApp().onQueue': defineApp({ name: 'chaos_orders', logger: silent })
        .onQueue('orders', { schema: orderSchema, deadLetter }, work)
        .handler(),
    };
    const refused = new Tally();
    let processed = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            goodBody.map(({ body, order }) => ({ body, order, field: undefined, flaw: undefined })),
            badBody.map(({ input, field, flaw }) => ({ body: input, order: undefined, field, flaw })),
          ),
          { minLength: 1, maxLength: 10 },
        ),
        async (batch) => {
          const records = batch.map((item, i) => sqsRecord(`m${i}`, item.body));
          expect(records.every((record) => record.eventSourceARN === ORDERS_QUEUE_ARN)).toBe(true);
          for (const [name, handler] of Object.entries(handlers)) {
            ran = new Map();
            dropped = new Map();
            const response = (await handler({ Records: records }, fakeLambdaContext())) as SQSBatchResponse;
            // Invalid records count as handled (dropped, never retried); the valid ones all succeed.
            expect(response, name).toEqual({ batchItemFailures: [] });
            batch.forEach((item, i) => {
              const id = `m${i}`;
              if (item.order !== undefined) {
                expect(ran.get(id), `${name}: ${id} should have run`).toEqual(item.order);
                expect(dropped.has(id), `${name}: ${id} dropped`).toBe(false);
                return;
              }
              const error = dropped.get(id);
              expect(ran.has(id), `${name}: malformed ${id} ran`).toBe(false);
              expect(error, `${name}: ${id} ${shown(error)}`).toBeInstanceOf(SoswError);
              expect(
                namedPaths(error).some((path) => within(path, item.field)),
                `${name}: ${shown(error)} should name ${item.field}`,
              ).toBe(true);
            });
          }
          for (const item of batch) {
            if (item.flaw === undefined) processed += 1;
            else refused.add(item.flaw);
          }
        },
      ),
      { seed, numRuns: 150 },
    );
    report(
      `[chaos] bad input: sqs records seed=${seed} dropped=${refused.total} {${refused.toString()}} processed=${processed}`,
    );
  });

  it('the config parsers take a document or refuse it with a ConfigError naming a field, never a TypeError', () => {
    const parsers: Record<string, (document: unknown) => unknown> = {
      parseSchedulerConfig,
      parseTaskConfig: (document) => parseTaskConfig(document),
      parseEcologyConfig: (document) => parseEcologyConfig(document),
      parseHealthMetrics: (document) => parseHealthMetrics(document),
    };
    const refused = new Tally();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          mutatedConfig.map(({ document }) => document),
        ),
        (document) => {
          for (const [name, parse] of Object.entries(parsers)) {
            try {
              parse(document);
            } catch (error) {
              expect(error, `${name}: ${shown(error)}`).toBeInstanceOf(ConfigError);
              const [first] = (error as ConfigError).issues;
              expect(first, `${name}: ${shown(error)} names no field`).toBeDefined();
              expect((error as Error).message).toContain(first!.path);
              refused.add(name);
            }
          }
        },
      ),
      { seed, numRuns: 200 },
    );
    report(`[chaos] bad input: config parsers seed=${seed} refused={${refused.toString()}}`);
  });

  it('a config document changed in one place is refused at that place, or taken', () => {
    // The section each parser reads, and where in the document it is.
    const sections: Record<string, { at: DocumentPath; parse: (section: unknown) => unknown }> = {
      parseSchedulerConfig: { at: [], parse: parseSchedulerConfig },
      parseTaskConfig: { at: ['task_config'], parse: (section) => parseTaskConfig(section) },
      parseEcologyConfig: { at: ['ecology_config'], parse: (section) => parseEcologyConfig(section) },
      parseHealthMetrics: {
        at: ['task_config', 'labourers', 'worker', 'health_metrics'],
        parse: (section) => parseHealthMetrics(section, 'task_config.labourers.worker.health_metrics'),
      },
    };
    const refused = new Tally();
    fc.assert(
      fc.property(mutatedConfig, ({ document, path }) => {
        for (const [name, { at, parse }] of Object.entries(sections)) {
          try {
            parse(valueAt(document, at));
          } catch (error) {
            expect(error, `${name}: ${shown(error)}`).toBeInstanceOf(ConfigError);
            expect(
              namedPaths(error).some((named) => namesChange(named, path)),
              `${name}: ${shown(error)} should name ${formatPath(path)}`,
            ).toBe(true);
            refused.add(name);
          }
        }
      }),
      { seed, numRuns: 200 },
    );
    report(`[chaos] bad input: config mutations seed=${seed} refused={${refused.toString()}}`);
  });

  it('every service loads a config row or stops with a ConfigError naming the row or the field', async () => {
    const env = `bad-input-${seed}`;
    const where = { variables: { SOSW_TABLE_PREFIX: tables.prefix }, client: documents, env };
    const loaders: Record<string, () => Promise<unknown>> = {
      scheduler: () =>
        loadConfig({ ...where, functionName: 'sosw_scheduler', schema: schedulerConfigSchema }),
      orchestrator: async () =>
        // The ecology's settings are checked when the orchestrator is built.
        new Orchestrator({
          config: await loadOrchestratorConfig(where),
          metricSource: new InMemoryMetricSource(),
          tables: { ...tables.names },
          logger: silent,
        }),
      scavenger: () => loadScavengerConfig(where),
      'worker-assistant': () => loadWorkerAssistantConfig(where),
    };
    const ownRows = ['sosw_scheduler', 'sosw_orchestrator', 'sosw_scavenger', 'sosw_worker_assistant'].map(
      configRowName,
    );
    const putRow = (configName: string, value: unknown) =>
      documents.send(
        new PutCommand({
          TableName: tables.names.config,
          Item: { env, config_name: configName, config_value: value },
        }),
      );
    const refused = new Tally();

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedConfig.map(({ document, path }) => ({ value: JSON.stringify(document), path })),
          configRowValue.map((value) => ({ value, path: undefined })),
        ),
        fc.boolean(),
        async ({ value, path }, inEssential) => {
          await putRow(ESSENTIAL_CONFIG_NAME, inEssential ? value : '{}');
          await Promise.all(ownRows.map((row) => putRow(row, inEssential ? '{}' : value)));
          for (const [name, load] of Object.entries(loaders)) {
            try {
              await load();
            } catch (error) {
              expect(error, `${name}: ${shown(error)}`).toBeInstanceOf(ConfigError);
              const { issues, message } = error as ConfigError;
              if (issues.length === 0) {
                // The row itself is unreadable: the error names the row.
                expect(message, `${name}: ${message}`).toMatch(/config row "sosw_\w+_config"/);
              } else {
                expect(message).toContain(issues[0]!.path);
                if (path !== undefined) {
                  expect(
                    issues.some((issue) => namesChange(issue.path, path)),
                    `${name}: ${message} should name ${formatPath(path)}`,
                  ).toBe(true);
                }
              }
              refused.add(name);
            }
          }
        },
      ),
      { seed, numRuns: 60 },
    );
    report(`[chaos] bad input: config rows seed=${seed} refused={${refused.toString()}}`);
  });
});

/**
 * Whether an error's path names a change made at `changed`: the place itself, a place inside it, the
 * place around it (a check over the whole object, such as feelings in the wrong order), or a sibling (a
 * rule between two fields, such as `cap_seconds` at least `base_seconds`). A change of the whole document
 * may be named anywhere.
 */
function namesChange(named: string, changed: DocumentPath): boolean {
  if (changed.length === 0) return true;
  const place = formatPath(changed);
  const parent = formatPath(changed.slice(0, -1));
  return within(named, place) || within(place, named) || (changed.length > 1 && within(named, parent));
}
