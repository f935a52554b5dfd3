/**
 * `pnpm bench`: figures for sosw against DynamoDB Local, each beside the floor that DynamoDB Local itself
 * allows on this machine, so a run on a slow or busy machine still says how close to the limit we are.
 * Prints a table and writes `results/latest.json`. `BENCH_TASKS` sets the lifecycle's scale (default
 * 10,000), `BENCH_JOB_TASKS` the size of the scheduler's job (default 100,000).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS } from '@sosw/tables';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, startLocalLambda } from '@sosw/testing';
import { printTable, type Figure } from './report.js';
import { measureFloor } from './scenarios/floor.js';
import { measureLifecycle } from './scenarios/lifecycle.js';
import { measureScheduler } from './scenarios/scheduler.js';

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  }
  return value;
}
const count = positiveInteger('BENCH_TASKS', 10_000);
const jobTasks = positiveInteger('BENCH_JOB_TASKS', 100_000);

// Every client below finds the local endpoints through the SDK's standard variables.
process.env.AWS_REGION = LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;

const dynamodb = await startDynamoDbLocal();
const lambda = await startLocalLambda({ functions: { bench_worker: { handler: () => undefined } } });
try {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const raw = new DynamoDBClient({});
  await Promise.all(TABLE_KEYS.map((key) => raw.send(new CreateTableCommand(createTableInput(key, prefix)))));
  raw.destroy();

  const figures: Figure[] = [];
  const { floor, figures: floorFigures } = await measureFloor(prefix, count);
  figures.push(...floorFigures);
  figures.push(...(await measureLifecycle(prefix, count, floor)));
  figures.push(...(await measureScheduler(prefix, jobTasks, floor)));

  printTable(figures);
  const results = new URL('../results/', import.meta.url);
  await mkdir(results, { recursive: true });
  await writeFile(
    new URL('latest.json', results),
    `${JSON.stringify({ at: new Date().toISOString(), tasks: count, jobTasks, dynamodb: dynamodb.source, floor, figures }, null, 2)}\n`,
  );
} finally {
  await lambda.stop();
  await dynamodb.stop();
}
