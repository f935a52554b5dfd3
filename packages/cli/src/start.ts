import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { parseTaskConfig, resolveLabourers, TaskManager, type Labourer } from '@sosw/task-manager';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  startLocalLambda,
  type LocalFunction,
} from '@sosw/testing';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { demoPlan, type DemoPlan } from './demo.js';
import { EXIT } from './errors.js';
import { invokeSync } from './invoke.js';
import { readWorkerLabourers } from './labourers.js';
import { LOCAL_DURATION_SECONDS, localConfig } from './local-config.js';
import { formatProgress, labourerProgress, type LabourerProgress } from './progress.js';
import { createTables } from './tables.js';

/** Options of {@link start}. */
export interface StartOptions {
  /** Seconds between two orchestrator + scavenger runs. Default 2. */
  tickSeconds?: number;
  /** Tasks in the demo job. Default 300. */
  demoTasks?: number;
  /** Keep running after the demo job is done, until the signal. */
  watch?: boolean;
  /** Table prefix. Default `local_`. */
  prefix?: string;
  /** The repository root (with `services/` and `workers/`). Default: found from this file. */
  root?: string;
  /** Stops the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Give up (exit code 1) when the demo is not done after this many seconds. Default 600. */
  maxSeconds?: number;
  /** Let the handlers' JSON logs through (they are silenced otherwise, to keep the progress readable). */
  verbose?: boolean;
  /** Where progress goes. Default stdout. */
  print?: (text: string) => void;
}

/** How a local run ended. */
export interface StartResult {
  exitCode: number;
  /** Why it ended: `done`, `stopped` (signal), `timeout`, `mismatch` (closed, but not as planned). */
  reason: 'done' | 'stopped' | 'timeout' | 'mismatch';
  plan: DemoPlan;
  progress: LabourerProgress[];
  ticks: number;
  dynamodb: { source: string; endpoint: string; pid?: number | undefined };
  /** The local Lambda endpoint it served (closed by the time `start` returns). */
  lambdaEndpoint?: string;
}

/** `packages/cli/src` or `packages/cli/dist` -> the repository root. */
const DEFAULT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Environment variables a run sets; put back as they were when it ends. */
const ENV_KEYS = [
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_LAMBDA',
  'SOSW_TABLE_PREFIX',
  'STATS_PULLER_RESULTS_TABLE',
  'POWERTOOLS_LOG_LEVEL',
] as const;

/**
 * Runs the whole of sosw on this machine: DynamoDB Local (or the one `AWS_ENDPOINT_URL_DYNAMODB` names),
 * the tables and config, the four services' and the example workers' BUILT handlers behind a local
 * Lambda endpoint, a demo job through the scheduler, and orchestrator + scavenger every tick, printing
 * progress per labourer until every demo task is closed. Everything it started is stopped before it
 * returns, whatever happens.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const { exitCode } = await start({ tickSeconds: 2, demoTasks: 300, signal: controller.signal });
 * ```
 */
export async function start(options: StartOptions = {}): Promise<StartResult> {
  const tickSeconds = options.tickSeconds ?? 2;
  const prefix = options.prefix ?? 'local_';
  const root = options.root ?? DEFAULT_ROOT;
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const signal = options.signal ?? new AbortController().signal;
  const deadline = Date.now() + (options.maxSeconds ?? 600) * 1000;
  const plan = demoPlan(options.demoTasks ?? 300, Date.now().toString(36));

  const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const stops: Array<() => Promise<void>> = [];
  const startedAt = Date.now();
  let lambdaEndpoint: string | undefined;
  try {
    // Everything here is local: one key pair and region for DynamoDB Local and the Lambda endpoint.
    process.env.AWS_REGION = LOCAL_REGION;
    process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    process.env.SOSW_TABLE_PREFIX = prefix;
    // The handlers run in this process and log through Powertools, which reads this when they load.
    if (options.verbose !== true) process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const resultsTable = `${prefix}example_stats_puller_results`;
    process.env.STATS_PULLER_RESULTS_TABLE = resultsTable;

    const dynamodbLocal = await startDynamoDbLocal({
      log: (line: string) => {
        print(line);
      },
    });
    stops.push(() => dynamodbLocal.stop());
    // Set before any client (ours or a handler's) is built: the SDK reads it then.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodbLocal.endpoint;
    const dynamodb = {
      source: dynamodbLocal.source,
      endpoint: dynamodbLocal.endpoint,
      pid: dynamodbLocal.pid,
    };
    if (signal.aborted) return ended('stopped');

    const client = new DynamoDBClient({});
    await createTables(prefix, {
      client,
      extra: [
        {
          TableName: resultsTable,
          AttributeDefinitions: [{ AttributeName: 'store_date', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'store_date', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      ],
    });
    const labourers = await readWorkerLabourers(root);
    const rows = localConfig(labourers);
    // core's shared client, built now from the endpoint set above.
    for (const [name, value] of Object.entries(rows)) await saveConfig(name, value);
    print(
      `[sosw start] tables under "${prefix}" and config written; labourers: ${Object.keys(labourers).join(', ')}`,
    );

    const lambda = await startLocalLambda({
      functions: localFunctions(root, labourers),
      log: () => undefined,
    });
    stops.unshift(async () => {
      await lambda.stop();
    });
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
    lambdaEndpoint = lambda.endpoint;
    const lambdaClient = new LambdaClient({});

    for (const job of plan.jobs) {
      const answer = (await invokeSync(lambdaClient, 'sosw_scheduler', { job })) as {
        job_id?: string;
        tasks_created?: number;
      };
      print(
        `[sosw start] scheduled ${String(answer.tasks_created)} tasks for ${String(job.lambda_name)} (job ${String(answer.job_id)})`,
      );
    }

    const taskConfig = parseTaskConfig((rows.sosw_essential_config ?? {}).task_config);
    const resolved = (await resolveLabourers(taskConfig)).filter((l) => l.id in plan.expected);
    const taskManager = new TaskManager({ db: new DynamoClient(), author: 'sosw_cli' });
    const since = Math.floor(Date.now() / 1000) - 1;

    let ticks = 0;
    let progress: LabourerProgress[] = [];
    for (;;) {
      ticks += 1;
      await invokeSync(lambdaClient, 'sosw_orchestrator', {});
      await invokeSync(lambdaClient, 'sosw_scavenger', {});
      progress = await Promise.all(
        resolved.map((labourer: Labourer) => labourerProgress(taskManager, labourer, since)),
      );
      const elapsed = ((Date.now() - startedAt) / 1000).toFixed(0);
      print(`\n[sosw start] tick ${String(ticks)}, ${elapsed} s\n${formatProgress(progress)}`);
      const outcome = demoOutcome(plan, progress);
      if (outcome !== 'running' && !options.watch) {
        print(summary(plan, progress));
        return ended(outcome);
      }
      if (Date.now() > deadline && !options.watch) return ended('timeout');
      try {
        await sleep(tickSeconds * 1000, undefined, { signal });
      } catch {
        return ended('stopped');
      }
    }

    function ended(reason: StartResult['reason']): StartResult {
      const exitCode = reason === 'done' ? EXIT.ok : reason === 'stopped' ? 130 : EXIT.failure;
      if (reason !== 'done') print(`[sosw start] ${reason}`);
      return { exitCode, reason, plan, progress, ticks, dynamodb, lambdaEndpoint };
    }
  } finally {
    for (const stop of stops)
      await stop().catch((error: unknown) => {
        print(`[sosw start] stop failed: ${String(error)}`);
      });
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

/** The functions of a local run: the services' and workers' built bundles. */
function localFunctions(root: string, labourers: Record<string, unknown>): Record<string, LocalFunction> {
  const service = (dir: string) => join(root, 'services', dir, 'dist', 'handler.js');
  const functions: Record<string, LocalFunction> = {
    sosw_orchestrator: { handler: service('orchestrator'), timeoutSeconds: 60 },
    sosw_scavenger: { handler: service('scavenger'), timeoutSeconds: 60 },
    sosw_scheduler: { handler: service('scheduler'), timeoutSeconds: 300 },
    // Unbounded: workers report synchronously, and a sync call over the concurrency is throttled.
    sosw_worker_assistant: { handler: service('worker-assistant'), timeoutSeconds: 30 },
  };
  for (const id of Object.keys(labourers)) {
    const dir = id.replace(/_/g, '-');
    functions[id] = {
      handler: join(root, 'workers', dir, 'dist', 'handler.js'),
      timeoutSeconds: LOCAL_DURATION_SECONDS,
    };
  }
  return functions;
}

/** `done` when every demo task is closed as planned, `mismatch` when all are closed otherwise. */
export function demoOutcome(
  plan: DemoPlan,
  progress: readonly LabourerProgress[],
): 'running' | 'done' | 'mismatch' {
  let allClosed = true;
  let asPlanned = true;
  for (const [labourer, expected] of Object.entries(plan.expected)) {
    const row = progress.find((p) => p.labourer === labourer);
    const closed = (row?.closedOk ?? 0) + (row?.dead ?? 0);
    if (closed < expected.completed + expected.dead) allClosed = false;
    if (row?.closedOk !== expected.completed || row.dead !== expected.dead) asPlanned = false;
  }
  if (!allClosed) return 'running';
  return asPlanned ? 'done' : 'mismatch';
}

function summary(plan: DemoPlan, progress: readonly LabourerProgress[]): string {
  const lines = Object.entries(plan.expected).map(([labourer, expected]) => {
    const row = progress.find((p) => p.labourer === labourer);
    return `  ${labourer}: ${String(row?.closedOk ?? 0)}/${String(expected.completed)} completed, ${String(row?.dead ?? 0)}/${String(expected.dead)} dead (planned)`;
  });
  return ['\n[sosw start] summary', ...lines].join('\n');
}
