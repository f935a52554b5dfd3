import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig } from '@sosw/core';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  startLocalCloudWatch,
  startLocalLambda,
  type LocalFunction,
} from '@sosw/local';
import { join } from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { demoPlan, type DemoPlan } from './demo.js';
import {
  DEMO_HEALTH_KEYS,
  DEMO_HEALTH_LEVELS,
  DEMO_HEALTH_METRIC,
  demoHealth,
  type DemoHealth,
} from './demo-health.js';
import { DEFAULT_DASHBOARD_PORT, startDashboard } from './dashboard/index.js';
import { openDeployment } from './deployment.js';
import { EXIT } from './errors.js';
import { invokeAsync, invokeSync } from './invoke.js';
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
  /**
   * Key presses to act on (`process.stdin` when it is a terminal): `u` / `m` / `h` make the demo's downstream
   * unhealthy / moderate / healthy; Ctrl-C (in raw mode it is a key, not a signal) stops the run.
   */
  keys?: KeyInput;
  /** The dashboard's port on 127.0.0.1: default 8080, or a free one when that is taken; 0 takes a free one. */
  dashboardPort?: number;
  /** Called after each tick's progress, e.g. to change the demo's health from a test. */
  onTick?: (tick: StartTick) => void | Promise<void>;
}

/** A readable stream of key presses: a terminal's stdin, or any stream in a test. */
export type KeyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** What {@link StartOptions.onTick} is given. */
export interface StartTick {
  ticks: number;
  progress: LabourerProgress[];
  demoHealth: DemoHealth;
  dashboardUrl: string;
  /** The dashboard's access token (`Authorization: Bearer`, or `?token=`). */
  dashboardToken: string;
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
  /** The local CloudWatch endpoint the orchestrator read health metrics from (closed by then too). */
  cloudwatchEndpoint?: string;
  /** The dashboard's address while it ran (closed by then too). */
  dashboardUrl?: string;
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
  'AWS_ENDPOINT_URL_CLOUDWATCH',
  'SOSW_TABLE_PREFIX',
  'STATS_PULLER_RESULTS_TABLE',
  'POWERTOOLS_LOG_LEVEL',
] as const;

/**
 * Runs the whole of sosw on this machine: DynamoDB Local (or the one `AWS_ENDPOINT_URL_DYNAMODB` names),
 * the tables and config, the four services' and the example workers' BUILT handlers behind a local
 * Lambda endpoint, a local CloudWatch endpoint holding the demo's downstream health (which `keys` change), a
 * demo job through the scheduler, and orchestrator + scavenger every tick, printing progress per labourer
 * (with eco status and budget) until every demo task is closed. Everything it started is stopped before it
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
  // Ctrl-C arrives as a key when `keys` is a terminal in raw mode: it stops the run like the caller's signal.
  const stopKey = new AbortController();
  const signal = AbortSignal.any([stopKey.signal, ...(options.signal ? [options.signal] : [])]);
  const deadline = Date.now() + (options.maxSeconds ?? 600) * 1000;
  const plan = demoPlan(options.demoTasks ?? 300, Date.now().toString(36));

  const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const stops: Array<() => Promise<void>> = [];
  const startedAt = Date.now();
  let lambdaEndpoint: string | undefined;
  let cloudwatchEndpoint: string | undefined;
  let dashboardUrl: string | undefined;
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

    const cloudwatch = await startLocalCloudWatch();
    stops.push(() => cloudwatch.stop());
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.endpoint;
    cloudwatchEndpoint = cloudwatch.endpoint;
    const health = demoHealth(cloudwatch);
    if (options.keys) stops.unshift(listenToKeys(options.keys, health, stopKey, print));
    print(
      `[sosw start] demo health: the stats API's latency (${DEMO_HEALTH_METRIC.namespace} ${DEMO_HEALTH_METRIC.metricName}) ` +
        `is a health metric of ${health.labourer}. ` +
        (options.keys ? 'Press u / m / h to make it unhealthy / moderate / healthy, or set it' : 'Set it') +
        ` with: aws cloudwatch put-metric-data --endpoint-url ${cloudwatch.endpoint} ` +
        `--namespace ${DEMO_HEALTH_METRIC.namespace} --metric-name ${DEMO_HEALTH_METRIC.metricName} --value ${String(DEMO_HEALTH_LEVELS.unhealthy)}`,
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

    // What `sosw status` reads of a deployment: the orchestrator's labourers, tables and ecology.
    const deployment = await openDeployment(prefix);
    const dashboard = await startLocalDashboard(prefix, options.dashboardPort);
    stops.unshift(() => dashboard.close());
    dashboardUrl = dashboard.url;
    print(`[sosw start] dashboard: ${dashboard.loginUrl}`);
    const resolved = deployment.labourers.filter((l) => l.id in plan.expected);
    const since = Math.floor(Date.now() / 1000) - 1;

    let ticks = 0;
    let progress: LabourerProgress[] = [];
    for (;;) {
      ticks += 1;
      // As the schedule rule does: an asynchronous invoke. The run holding a labourer's lease refills its
      // slots between ticks; the runs of later ticks find the lease held and end at once.
      await invokeAsync(lambdaClient, 'sosw_orchestrator', {});
      await invokeSync(lambdaClient, 'sosw_scavenger', {});
      const ecologyRun = deployment.ecology.startRun(resolved);
      progress = await Promise.all(
        resolved.map((labourer) => labourerProgress(deployment.taskManager, labourer, since, ecologyRun)),
      );
      const elapsed = ((Date.now() - startedAt) / 1000).toFixed(0);
      print(
        `\n[sosw start] tick ${String(ticks)}, ${elapsed} s, downstream ${health.level}\n${formatProgress(progress)}`,
      );
      await options.onTick?.({
        ticks,
        progress,
        demoHealth: health,
        dashboardUrl: dashboard.url,
        dashboardToken: dashboard.token,
      });
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
      return {
        exitCode,
        reason,
        plan,
        progress,
        ticks,
        dynamodb,
        lambdaEndpoint,
        cloudwatchEndpoint,
        dashboardUrl,
      };
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

/** The dashboard over the local tables: on `port`, or when none is given on 8080 unless taken, then any free port. */
async function startLocalDashboard(prefix: string, port: number | undefined) {
  if (port !== undefined) return startDashboard({ prefix, port });
  try {
    return await startDashboard({ prefix, port: DEFAULT_DASHBOARD_PORT });
  } catch (error) {
    // Only a taken port is worth another try; anything else (no tables, bad config) would fail again.
    const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
    if (cause?.code !== 'EADDRINUSE') throw error;
    return startDashboard({ prefix, port: 0 });
  }
}

/**
 * Acts on key presses: the demo health keys, and Ctrl-C (a key in raw mode). Gives back what undoes it, so
 * the terminal is as it was and stdin no longer holds the process open.
 */
function listenToKeys(
  keys: KeyInput,
  health: DemoHealth,
  stopKey: AbortController,
  print: (text: string) => void,
): () => Promise<void> {
  emitKeypressEvents(keys);
  if (keys.isTTY === true) keys.setRawMode?.(true);
  const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.ctrl === true && key.name === 'c') {
      // A second Ctrl-C is the caller's to handle as a signal (e.g. quit at once).
      if (stopKey.signal.aborted) process.kill(process.pid, 'SIGINT');
      print('[sosw start] stopping (Ctrl-C again to quit now)');
      stopKey.abort();
      return;
    }
    const level = text === undefined ? undefined : DEMO_HEALTH_KEYS[text.toLowerCase()];
    if (level === undefined) return;
    health.set(level);
    print(`[sosw start] downstream is now ${level}: ${health.labourer}'s budget follows on the next tick`);
  };
  keys.on('keypress', onKey);
  keys.resume();
  return () => {
    keys.off('keypress', onKey);
    if (keys.isTTY === true) keys.setRawMode?.(false);
    keys.pause();
    return Promise.resolve();
  };
}

/** The functions of a local run: the services' and workers' built bundles. */
function localFunctions(root: string, labourers: Record<string, unknown>): Record<string, LocalFunction> {
  const service = (dir: string) => join(root, 'services', dir, 'dist', 'handler.js');
  const functions: Record<string, LocalFunction> = {
    // The infra's 15 minutes: one run dispatches the whole demo.
    sosw_orchestrator: { handler: service('orchestrator'), timeoutSeconds: 900 },
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
