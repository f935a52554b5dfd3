import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoClient } from '@sosw/dynamo-client';
import { leaseScope, runWindow, TaskManager } from '@sosw/task-manager';
import {
  createTestTables,
  startLocalCloudWatch,
  startLocalLambda,
  uniqueTablePrefix,
  type LocalCloudWatch,
  type LocalLambda,
  type TestTables,
} from '@sosw/testing';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type LabourerProgress } from '../src/index.js';

const SCHEDULER_BUNDLE = fileURLToPath(
  new URL('../../../services/scheduler/dist/handler.js', import.meta.url),
);

let tables: TestTables;
let lambda: LocalLambda;
let cloudwatch: LocalCloudWatch;
let dir: string;

/** Runs the command line as the bin does and gives its exit code and output. */
async function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await run(args, {
    write: (text) => (out += text),
    writeError: (text) => (err += text),
    stdin: Readable.from([stdin]),
  });
  return { code, out, err };
}

beforeAll(async () => {
  tables = await createTestTables();
  // Read by the scheduler handler when it loads its config.
  process.env.SOSW_TABLE_PREFIX = tables.prefix;
  lambda = await startLocalLambda({
    functions: { sosw_scheduler: { handler: SCHEDULER_BUNDLE, timeoutSeconds: 120 } },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  // Where `sosw status` reads the labourers' health metrics, as the orchestrator does.
  cloudwatch = await startLocalCloudWatch();
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.endpoint;
  dir = await mkdtemp(join(tmpdir(), 'sosw-cli-'));
}, 60_000);

afterAll(async () => {
  await lambda.stop();
  await cloudwatch.stop();
  await tables.drop();
});

describe('the command line', () => {
  it('prints help with every subcommand and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['start', 'tables', 'config', 'status', 'schedule', 'task'])
      expect(out).toContain(command);
  });

  it('exits 2 on an unknown command or a bad option value', async () => {
    expect((await cli(['nonsense'])).code).toBe(2);
    const bad = await cli(['start', '--tick', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected a number above 0');
  });
});

describe('sosw tables', () => {
  const prefix = uniqueTablePrefix();
  const names = async () =>
    ((await new DynamoDBClient({}).send(new ListTablesCommand({}))).TableNames ?? []).filter((n) =>
      n.startsWith(prefix),
    );

  it('creates every table, is idempotent, and deletes them again', async () => {
    const created = await cli(['tables', 'create', '--prefix', prefix]);
    expect(created.code).toBe(0);
    expect((await names()).sort()).toEqual(
      [
        'config',
        'sosw_closed_tasks',
        'sosw_dispatch',
        'sosw_retry_tasks',
        'sosw_tasks',
        'sosw_tasks_meta',
      ].map((n) => prefix + n),
    );
    expect(created.out).toContain(`created ${prefix}sosw_tasks`);
    expect((await cli(['tables', 'create', '--prefix', prefix])).out).toContain(
      `${prefix}sosw_tasks: exists already`,
    );

    const deleted = await cli(['tables', 'delete', '--prefix', prefix]);
    expect(deleted.code).toBe(0);
    expect(await names()).toEqual([]);
    expect((await cli(['tables', 'delete', '--prefix', prefix])).out).toContain('not there');
  }, 60_000);
});

describe('sosw config, schedule, status and task', () => {
  const apiLatency = { namespace: 'sosw/test', metricName: 'ApiLatency' };
  const essential = {
    task_config: {
      labourers: {
        worker: {
          arn: 'worker',
          duration: 60,
          max_simultaneous_invocations: 2,
          health_metrics: {
            api_latency: {
              details: { Namespace: apiLatency.namespace, MetricName: apiLatency.metricName },
              feelings: { '3': 50, '4': 25 },
              feeling_comparison_operator: '<=',
            },
          },
        },
      },
    },
  };

  it('saves a config row from stdin and reads it back', async () => {
    const saved = await cli(
      ['config', 'set', 'sosw_essential_config', '-', '--prefix', tables.prefix],
      JSON.stringify(essential),
    );
    expect(saved).toMatchObject({ code: 0, out: 'saved sosw_essential_config\n' });
    const read = await cli(['config', 'get', 'sosw_essential_config', '--prefix', tables.prefix]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out)).toEqual(essential);
  });

  it('refuses a config file that is not JSON with exit code 2, naming the file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ not json');
    const { code, err } = await cli(['config', 'set', 'x', file, '--prefix', tables.prefix]);
    expect(code).toBe(2);
    expect(err).toContain(`${file} is not JSON`);
  });

  it('schedules a job through the scheduler Lambda and prints its id and tasks created', async () => {
    const schedulerConfig = JSON.stringify({
      s3_bucket: 'unused',
      job_schema: { chunkable_attrs: ['store'] },
    });
    expect(
      (await cli(['config', 'set', 'sosw_scheduler_config', '--prefix', tables.prefix], schedulerConfig))
        .code,
    ).toBe(0);
    const file = join(dir, 'job.json');
    await writeFile(file, JSON.stringify({ job_id: 'j1', isolate_stores: true, stores: ['a', 'b', 'c'] }));

    const { code, out, err } = await cli(['schedule', 'worker', file]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('job j1: 3 tasks created\n');
  }, 60_000);

  it('refuses a job that names another labourer', async () => {
    const { code, err } = await cli(['schedule', 'worker', '-'], '{"lambda_name": "other"}');
    expect(code).toBe(2);
    expect(err).toContain('"other"');
  });

  it('shows status per labourer: queued, and dead in the last 24 h', async () => {
    const taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names } });
    const labourer = { id: 'worker', duration: 60, cooldown: 300 };
    const [first] = await taskManager.nextTasks(
      labourer,
      runWindow(Math.floor(Date.now() / 1000), labourer),
      1,
    );
    if (first === undefined) throw new Error('no queued task');
    await taskManager.bury(first, 'test');
    cloudwatch.set(apiLatency, 40); // Good (3): a budget of floor(2 x 0.75) = 1

    const { code, out } = await cli(['status', '--json', '--prefix', tables.prefix]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      {
        labourer: 'worker',
        queued: 2,
        running: 0,
        expired: 0,
        completed: 0,
        retrying: 0,
        closedOk: 0,
        dead: 1,
        eco: {
          status: 3,
          statusName: 'Good',
          budget: 1,
          cap: 1,
          metrics: [{ name: 'api_latency', status: 3, value: 40, outcome: 'value' }],
        },
      },
    ]);
    const table = await cli(['status', '--prefix', tables.prefix]);
    expect(table.out).toMatch(/worker\s+2\s+0\/1\s+0\s+0\s+0\s+0\s+1\s+3 Good\s+1/);
  });

  it('shows the budget the dispatcher learned from throttling, as its lease row keeps it', async () => {
    const db = new DynamoClient();
    await db.put(tables.names.dispatch, {
      scope: leaseScope('worker'),
      labourer_id: 'worker',
      owner: '',
      token: 't',
      wakes: 0,
      acquired_at_ms: 0,
      expires_at_ms: 0,
      ends_at_ms: 0,
      released_at_ms: 1,
      state: { effective_budget: 1, budget_reason: 'learned', learned: { limit: 1.4, cut_at_ms: 1 } },
    });
    try {
      const rows = JSON.parse(
        (await cli(['status', '--json', '--prefix', tables.prefix])).out,
      ) as LabourerProgress[];
      expect(rows[0]?.learnedCap).toBe(1);
      expect((await cli(['status', '--prefix', tables.prefix])).out).toMatch(
        /worker\s+\d+\s+0\/1 learned \(eco \d+\)/,
      );
    } finally {
      await db.delete(tables.names.dispatch, { scope: leaseScope('worker') });
    }
  });

  it('shows a labourer Bad with budget 0 when its health metric is over every feeling, Moderate without data', async () => {
    cloudwatch.set(apiLatency, 80);
    const bad = JSON.parse(
      (await cli(['status', '--json', '--prefix', tables.prefix])).out,
    ) as LabourerProgress[];
    expect(bad[0]?.eco).toMatchObject({ status: 0, statusName: 'Bad', budget: 0 });
    cloudwatch.set(apiLatency, undefined);
    const unknown = JSON.parse(
      (await cli(['status', '--json', '--prefix', tables.prefix])).out,
    ) as LabourerProgress[];
    // status_when_no_data (2, Moderate): floor(2 x 0.5) = 1; JSON has no value for a metric without data.
    expect(unknown[0]?.eco).toEqual({
      status: 2,
      statusName: 'Moderate',
      budget: 1,
      cap: 1,
      metrics: [{ name: 'api_latency', status: 2, outcome: 'no_data' }],
    });
    cloudwatch.set(apiLatency, 40);
  });

  it('shows a task with its closed row and meta timeline', async () => {
    const { code, out } = await cli(['task', 'j1-0', '--prefix', tables.prefix]);
    expect(code).toBe(0);
    const record = JSON.parse(out) as {
      closed?: { labourer_id_task_status: string };
      meta: Array<{ action: string }>;
    };
    expect(record.closed?.labourer_id_task_status).toBe('worker_0');
    expect(record.meta.map((m) => m.action)).toEqual(['created', 'archived_dead']);
  });

  it('sends buried tasks back to retry, from where the scavenger queues them again', async () => {
    const { code, out, err } = await cli(['retry-dead', 'worker', '--since', '1', '--prefix', tables.prefix]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('1 dead tasks of worker sent to retry\n');
    expect((await cli(['retry-dead', 'worker', '--prefix', tables.prefix])).out).toContain('0 dead tasks');

    const status = JSON.parse((await cli(['status', '--json', '--prefix', tables.prefix])).out) as unknown;
    expect(status).toEqual([
      {
        labourer: 'worker',
        queued: 2,
        running: 0,
        expired: 0,
        completed: 0,
        retrying: 1,
        closedOk: 0,
        dead: 0,
        eco: expect.objectContaining({ status: 3, budget: 1 }) as unknown,
      },
    ]);
    const record = JSON.parse((await cli(['task', 'j1-0', '--prefix', tables.prefix])).out) as {
      closed?: unknown;
      retry?: { attempts: number; labourer_id_task_status?: string };
      meta: Array<{ action: string }>;
    };
    expect(record.closed).toBeUndefined();
    expect(record.retry).toMatchObject({ attempts: 0 });
    expect(record.retry?.labourer_id_task_status).toBeUndefined();
    expect(record.meta.map((m) => m.action)).toEqual(['created', 'archived_dead', 'scheduled_for_retry']);

    const taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names } });
    expect((await taskManager.retryToQueue({ id: 'worker' })).done).toEqual(['j1-0']);
  });

  it('says what to check when no table knows a task, with exit code 1', async () => {
    const { code, err } = await cli(['task', 'nope', '--prefix', tables.prefix]);
    expect(code).toBe(1);
    expect(err).toContain('no task "nope"');
  });
});

describe('errors', () => {
  it('says what to do when the tables are missing', async () => {
    const { code, err } = await cli(['status', '--prefix', 'missing_']);
    expect(code).toBe(1);
    expect(err).toContain('ResourceNotFoundException');
    expect(err).toContain('sosw tables create');
  });
});
