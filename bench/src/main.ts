/**
 * `pnpm bench`: figures for sosw against DynamoDB Local, each beside the floor that DynamoDB Local itself
 * allows on this machine, so a run on a slow or busy machine still says how close to the limit we are.
 * Prints a table and writes `results/latest.json`. `BENCH_TASKS` sets the lifecycle's scale (default
 * 10,000), `BENCH_JOB_TASKS` the size of the scheduler's job (default 100,000), `BENCH_WARM_UP_TASKS`
 * the lifecycle run first on tables of its own to warm DynamoDB Local's JVM (default 3,000),
 * `BENCH_DISPATCH_TASKS` the continuous-dispatch job (default 2,000 tasks of 1 s at a cap of 20: 100 s).
 * `BENCH_FAIRNESS_TASKS` tenant A's backlog in the fairness line (default 5,000), `BENCH_LEARNING_TASKS`
 * the learning line's tasks (default 1,500). `BENCH_ONLY=dispatch`, `fairness` or `learning` runs that
 * line alone (after the warm-up).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Stats } from '@sosw/core';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '@sosw/testing';
import { DynamoDbCalls } from './dynamodb-calls.js';
import { printTable, type Figure } from './report.js';
import { ArchiveFloor } from './scenarios/archive-floor.js';
import { buildServices, measureBundles } from './scenarios/bundles.js';
import { measureFloor } from './scenarios/floor.js';
import { BENCH_LABOURER, measureLifecycle } from './scenarios/lifecycle.js';
import { measureDispatch } from './scenarios/dispatch.js';
import { measureFairness } from './scenarios/fairness.js';
import { measureLearning } from './scenarios/learning.js';
import { measureScheduler } from './scenarios/scheduler.js';
import { warmUp } from './scenarios/warm-up.js';
import { createTables } from './tables.js';
import { startWorkerEndpoint } from './worker-endpoint.js';

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  }
  return value;
}
const count = positiveInteger('BENCH_TASKS', 10_000);
const jobTasks = positiveInteger('BENCH_JOB_TASKS', 100_000);
const warmUpTasks = positiveInteger('BENCH_WARM_UP_TASKS', 3_000);
const dispatchTasks = positiveInteger('BENCH_DISPATCH_TASKS', 2_000);
const fairnessTasks = positiveInteger('BENCH_FAIRNESS_TASKS', 5_000);
const learningTasks = positiveInteger('BENCH_LEARNING_TASKS', 1_500);
const LINES = ['dispatch', 'fairness', 'learning'] as const;
const only = process.env.BENCH_ONLY;
if (only !== undefined && !(LINES as readonly string[]).includes(only)) {
  throw new Error(`BENCH_ONLY may be ${LINES.map((name) => `"${name}"`).join(', ')}, got "${only}"`);
}
const runs = (line: (typeof LINES)[number]) => only === undefined || only === line;

// Every client below finds the local endpoints through the SDK's standard variables.
process.env.AWS_REGION = LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;

// The bundles first, before DynamoDB Local takes a core: a build that fails stops the bench here.
if (only === undefined) buildServices();
const bundleFigures = only === undefined ? measureBundles() : [];

const dynamodb = await startDynamoDbLocal();
const worker = await startWorkerEndpoint(BENCH_LABOURER);
try {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env.AWS_ENDPOINT_URL_LAMBDA = worker.endpoint;
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  await warmUp({ prefix: `${prefix}warm_`, tasks: warmUpTasks });
  // The services read their tables and their config rows under this prefix.
  process.env.SOSW_TABLE_PREFIX = prefix;
  const tables = await createTables(prefix);

  const figures: Figure[] = [];
  const calls = new DynamoDbCalls(tables.meta);
  let floor: unknown;
  if (only === undefined) {
    const measured = await measureFloor(prefix, count);
    floor = measured.floor;
    figures.push(...measured.figures);
    const archiveFloor = await ArchiveFloor.create(prefix);
    figures.push(...(await measureLifecycle({ count, tables, calls, probe: measured.probe, archiveFloor })));
    figures.push(
      ...(await measureScheduler(
        { count: jobTasks, client: calls.client(), stats: new Stats(), tables },
        () => calls.take(),
        measured.probe,
      )),
    );
  }
  if (runs('dispatch')) figures.push(...(await measureDispatch({ count: dispatchTasks, tables, calls })));
  if (runs('fairness')) figures.push(...(await measureFairness({ count: fairnessTasks, tables })));
  if (runs('learning')) figures.push(...(await measureLearning({ count: learningTasks, tables })));
  figures.push(...bundleFigures);

  printTable(figures);
  const results = new URL('../results/', import.meta.url);
  await mkdir(results, { recursive: true });
  await writeFile(
    new URL('latest.json', results),
    `${JSON.stringify({ at: new Date().toISOString(), tasks: count, jobTasks, dispatchTasks, fairnessTasks, learningTasks, dynamodb: dynamodb.source, floor, figures }, null, 2)}\n`,
  );
} finally {
  await worker.stop();
  await dynamodb.stop();
}
