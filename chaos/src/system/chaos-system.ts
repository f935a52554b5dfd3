import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { saveConfig } from '@sosw/core';
import {
  createTestTables,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startLocalLambda,
  type LocalLambda,
  type TestTables,
} from '@sosw/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRows } from './table-rows.js';
import { checkInvariants } from '../invariants/check-invariants.js';
import { readSnapshot } from '../invariants/read-snapshot.js';
import { RunningSampler, type SamplerFigures } from '../invariants/running-sampler.js';
import type { Expectations, Violation } from '../invariants/types.js';
import { ServiceProcess } from '../services/service-runner.js';
import type { ServiceName } from '../services/service-names.js';
import { chaosWorker } from './worker.js';

/** The one labourer of the chaos scenarios; its Lambda has the same name. */
export const LABOURER_ID = 'chaos_worker';

/** The labourer's settings (`task_config.labourers.chaos_worker`). */
export interface ChaosLabourer {
  maxSimultaneousInvocations: number;
  /** Seconds: the worker Lambda's timeout too. */
  duration: number;
  /** Seconds after `duration` before an unfinished task counts as expired. */
  cooldown: number;
  maxAttempts: number;
  /** `max_simultaneous_per_key`: tasks of one concurrency key running at once; default none. */
  maxSimultaneousPerKey?: number;
  /**
   * The `max_simultaneous` of a resource (`chaos_db`) the labourer uses; default none. Below the
   * labourer's own cap, it is what the cap invariant holds the labourer to.
   */
  resourceMaxSimultaneous?: number;
}

/** The resource a chaos labourer may use. */
export const CHAOS_RESOURCE = 'chaos_db';

/** Options of `startChaosSystem`. */
export interface ChaosSystemOptions {
  seed: number;
  labourer: ChaosLabourer;
  /**
   * Shares of worker runs that fail and that hang past their timeout, and the longest a run works
   * before it reports (ms; default 0), as `WorkerBehaviour` says.
   */
  worker: { failShare: number; hangShare: number; workMs?: number };
  /** Extra config for the scavenger's row (e.g. bigger `tasks_limit` under load). */
  scavengerConfig?: object;
  /** Extra config for the orchestrator's row. */
  orchestratorConfig?: object;
  /** Tasks per `createTasks` call of the scheduler: small, so a kill lands in the middle of a job. */
  schedulerBatchSize?: number;
  /** Milliseconds between two runs of orchestrator and scavenger. */
  tickMs?: number;
  /** Where the services reach DynamoDB (a fault proxy); default this run's DynamoDB Local. */
  dynamodbEndpoint?: string;
}

/**
 * sosw on this machine for a chaos scenario, as deployed: the services' real handlers, each in a child
 * process of its own (`ServiceProcess`), reading their config from the config table under this
 * scenario's table prefix; the worker Lambda (`chaosWorker`) behind a local Lambda endpoint in this
 * process, whose invocation log tells which task and attempt each run carried; the worker-assistant
 * served by its own child on `assistantPort`, where the workers report.
 */
export interface ChaosSystem {
  readonly seed: number;
  readonly tables: TestTables;
  /** The workers' local Lambda endpoint (its `invocations` are the log the checker reads). */
  readonly lambda: LocalLambda;
  /** Every child started, to kill and restart. */
  readonly services: ServiceProcess[];
  /** A service in a child process (not yet started: call `start()`). */
  service(name: ServiceName, env?: Record<string, string>): ServiceProcess;
  /** The scheduler in a child process, with `job` to schedule (not yet started: `scheduleUntilDone`). */
  scheduler(job: object, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Counts of the tasks table, the retry table and the closed table (strongly consistent scans). */
  counts(): Promise<{ open: number; retry: number; closed: number }>;
  /** Waits until `expected` tasks are closed and nothing is open or in retry; false at the deadline. */
  settle(expected: number, timeoutMs: number): Promise<boolean>;
  /**
   * The labourer's running tasks as sampled so far (`RunningSampler`, started with the system, every
   * `CHAOS_CAP_SAMPLE_MS`), and the budget they are held to: for the summary line.
   */
  cap(): SamplerFigures & { budget: number };
  /**
   * Stops the running-count sampler, then reads every table and the invocation log and checks sosw's
   * promise, the cap included.
   */
  check(
    taskIds: readonly string[],
    options: Pick<Expectations, 'invokedMetaForEveryInvocation'>,
  ): Promise<Violation[]>;
  /** Stops every child and the Lambda endpoint, and drops the tables. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on now, on 127.0.0.1: for a local Lambda endpoint in a child. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no free port'));
        else resolve(address.port);
      });
    });
  });
}

/**
 * Creates the tables and config of one scenario and starts the workers' Lambda endpoint. Services are
 * started by the scenario (`system.service(name).start()`), so it decides what runs and what is killed.
 *
 * @example
 * const system = await startChaosSystem({ seed, labourer, worker: { failShare: 0.1, hangShare: 0 } });
 * const orchestrator = system.service('orchestrator');
 * await orchestrator.start();
 * // ...
 * await system.stop();
 */
export async function startChaosSystem(options: ChaosSystemOptions): Promise<ChaosSystem> {
  const { labourer } = options;
  // Built now: `AWS_ENDPOINT_URL_DYNAMODB` is read once, for the tables, the config and the checker.
  const direct = new DynamoDBClient({ maxAttempts: 10 });
  const tables = await createTestTables(undefined, { client: direct });
  const labourers = {
    [LABOURER_ID]: {
      arn: LABOURER_ID,
      max_simultaneous_invocations: labourer.maxSimultaneousInvocations,
      duration: labourer.duration,
      cooldown: labourer.cooldown,
      max_attempts: labourer.maxAttempts,
      ...(labourer.maxSimultaneousPerKey === undefined
        ? {}
        : { max_simultaneous_per_key: labourer.maxSimultaneousPerKey }),
      ...(labourer.resourceMaxSimultaneous === undefined ? {} : { resources: [CHAOS_RESOURCE] }),
    },
  };
  const resources =
    labourer.resourceMaxSimultaneous === undefined
      ? {}
      : { [CHAOS_RESOURCE]: { max_simultaneous: labourer.resourceMaxSimultaneous } };
  const where = {
    variables: { SOSW_TABLE_PREFIX: tables.prefix },
    client: DynamoDBDocumentClient.from(direct),
  };
  await saveConfig('sosw_essential_config', { task_config: { labourers, resources } }, where);
  await saveConfig(
    'sosw_orchestrator_config',
    {
      invoke_concurrency: 32,
      // Runs last `CHAOS_ORCHESTRATOR_TIMEOUT_MS` (10 s) here, not 15 minutes: stopping 10 s before the
      // end (the default) would leave them no time to dispatch. 2 s still lets a run let go of its
      // leases and write its meta rows before its time is up.
      stop_before_timeout_seconds: 2,
      ...options.orchestratorConfig,
    },
    where,
  );
  await saveConfig('sosw_scavenger_config', { ...options.scavengerConfig }, where);
  await saveConfig(
    'sosw_scheduler_config',
    {
      // Never written to: a job this size is done long before the scheduler's time runs short.
      s3_bucket: 'chaos-continuations-unused',
      job_schema: { chunkable_attrs: ['section', 'store'] },
      write_batch_size: options.schedulerBatchSize ?? 500,
    },
    where,
  );

  const assistantPort = await freePort();
  const lambda = await startLocalLambda({ log: () => undefined });
  lambda.register(LABOURER_ID, {
    handler: chaosWorker({
      seed: options.seed,
      ...options.worker,
      assistantEndpoint: `http://127.0.0.1:${assistantPort}`,
    }),
    timeoutSeconds: labourer.duration,
  });

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    SOSW_TABLE_PREFIX: tables.prefix,
    POWERTOOLS_LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'SILENT',
    CHAOS_TICK_MS: String(options.tickMs ?? 300),
    CHAOS_PORT: String(assistantPort),
    ...(process.env.CHAOS_ORCHESTRATOR_TIMEOUT_MS === undefined
      ? {}
      : { CHAOS_ORCHESTRATOR_TIMEOUT_MS: process.env.CHAOS_ORCHESTRATOR_TIMEOUT_MS }),
  };
  // The cap: sampled from now until the check, through `direct`'s endpoint (never the fault proxy: the
  // sampler watches the system, it is not part of it). No health metrics: the budget is the whole max,
  // or the resource's when that is lower.
  const budget = Math.min(
    labourer.maxSimultaneousInvocations,
    labourer.resourceMaxSimultaneous ?? Number.POSITIVE_INFINITY,
  );
  const sampler = new RunningSampler({
    tasksTable: tables.names.tasks,
    labourer: { id: LABOURER_ID, duration: labourer.duration, cooldown: labourer.cooldown },
    budget,
  });

  const services: ServiceProcess[] = [];
  // Where the scheduler's jobs are written for its child.
  const scratch = await mkdtemp(join(tmpdir(), 'sosw-chaos-'));
  const verbose = process.env.CHAOS_LOG_LEVEL !== undefined;

  const system: ChaosSystem = {
    seed: options.seed,
    tables,
    lambda,
    services,
    service(name, extra = {}) {
      const service = new ServiceProcess(name, {
        // Its own seed, for what it draws (the orchestrator's duplicated events and requests).
        env: {
          ...env,
          CHAOS_SERVICE_SEED: String((options.seed ^ (services.length * 0x27d4eb2f)) >>> 0),
          ...extra,
        },
        stderr: verbose ? (line) => process.stderr.write(`[${name}] ${line}\n`) : undefined,
      });
      services.push(service);
      return service;
    },
    async scheduler(job, extra = {}) {
      const file = join(scratch, `job-${String(services.length)}.json`);
      await writeFile(file, JSON.stringify(job));
      return system.service('scheduler', { ...extra, CHAOS_JOB_FILE: file });
    },
    async counts() {
      const [open, retry, closed] = await Promise.all([
        countRows(direct, tables.names.tasks),
        countRows(direct, tables.names.retry),
        countRows(direct, tables.names.closed),
      ]);
      return { open, retry, closed };
    },
    async settle(expected, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        // A DynamoDB that is restarting does not answer for a while: that is not the end of the wait.
        const now = await system.counts().catch(() => undefined);
        if (now !== undefined && now.closed >= expected && now.open === 0 && now.retry === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      return false;
    },
    cap() {
      return { ...sampler.figures(), budget };
    },
    async check(taskIds, options) {
      // The samples end here: the checker's own scans must not be slowed by them, and nothing is
      // claimed any more (the scenario stopped its services).
      await sampler.stop();
      // Every run that was going to happen has happened: the checker reads a quiet system.
      await lambda.idle();
      const snapshot = await readSnapshot(
        tables.names,
        lambda.invocations,
        [LABOURER_ID],
        sampler.samples,
        DynamoDBDocumentClient.from(direct),
      );
      return checkInvariants(snapshot, {
        taskIds,
        maxAttempts: { [LABOURER_ID]: labourer.maxAttempts },
        budgets: { [LABOURER_ID]: budget },
        ...(labourer.maxSimultaneousPerKey === undefined
          ? {}
          : { perKeyCaps: { [LABOURER_ID]: labourer.maxSimultaneousPerKey } }),
        ...options,
      });
    },
    async stop() {
      await sampler.stop();
      await Promise.all(services.map((service) => service.stop()));
      await lambda.stop();
      await tables.drop();
      await rm(scratch, { recursive: true, force: true });
      direct.destroy();
    },
  };
  // Last: nothing above can fail and leave it sampling.
  sampler.start();
  return system;
}
