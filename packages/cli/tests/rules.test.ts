import { feelingStatus } from '@sosw/ecology';
import { parseTaskConfig } from '@sosw/task-manager';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEAD_STORE,
  DEMO_HEALTH_LEVELS,
  DEMO_HEALTH_METRIC,
  demoOutcome,
  demoPlan,
  formatProgress,
  localConfig,
  readJsonObject,
  readWorkerLabourers,
  UsageError,
  withoutScriptSeparator,
  type LabourerProgress,
} from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const row = (labourer: string, closedOk: number, dead: number): LabourerProgress => ({
  labourer,
  queued: 0,
  running: 0,
  expired: 0,
  completed: 0,
  retrying: 0,
  closedOk,
  dead,
  eco: { status: 4, statusName: 'High', budget: 10, cap: 10, metrics: [] },
  learnedCap: undefined,
});

describe('demoPlan', () => {
  it('splits the tasks between the example workers, with exactly one store that is buried', () => {
    const plan = demoPlan(31, 'r');
    expect(plan.expected).toEqual({
      example_echo: { completed: 15, dead: 0 },
      example_stats_puller: { completed: 15, dead: 1 },
    });
    const [echo, stats] = plan.jobs;
    expect(echo).toMatchObject({ lambda_name: 'example_echo', job_id: 'demo-echo-r', isolate_stores: true });
    expect((echo?.stores as string[]).length).toBe(15);
    const stores = (stats?.sections as { demo: { stores: string[] } }).demo.stores;
    expect(stores).toHaveLength(16);
    expect(stores.filter((s) => s.startsWith('closed_'))).toEqual([DEAD_STORE]);
  });
});

describe('demoOutcome', () => {
  const plan = demoPlan(4, 'r'); // echo 2, stats 1 + 1 dead
  it('is running while tasks are open, done when closed as planned, mismatch when closed otherwise', () => {
    expect(demoOutcome(plan, [row('example_echo', 2, 0), row('example_stats_puller', 1, 0)])).toBe('running');
    expect(demoOutcome(plan, [row('example_echo', 2, 0), row('example_stats_puller', 1, 1)])).toBe('done');
    expect(demoOutcome(plan, [row('example_echo', 2, 0), row('example_stats_puller', 0, 2)])).toBe(
      'mismatch',
    );
    expect(demoOutcome(plan, [row('example_stats_puller', 1, 1)])).toBe('running');
  });
});

describe('localConfig', () => {
  it("gives the workers' labourers short timings that task-manager accepts", async () => {
    const labourers = await readWorkerLabourers(ROOT);
    expect(Object.keys(labourers).sort()).toEqual(['example_echo', 'example_stats_puller']);
    const rows = localConfig(labourers);
    const taskConfig = parseTaskConfig(rows.sosw_essential_config?.task_config);
    expect(taskConfig.labourers.example_stats_puller).toMatchObject({
      arn: 'example_stats_puller',
      duration: 20,
      cooldown: 1,
    });
    expect(rows.sosw_scheduler_config).toMatchObject({
      job_schema: { chunkable_attrs: ['section', 'store'] },
    });
  });

  it('makes the stats puller depend on the demo health metric, whose levels give High, Moderate and Bad', async () => {
    const taskConfig = parseTaskConfig(
      localConfig(await readWorkerLabourers(ROOT)).sosw_essential_config?.task_config,
    );
    expect(taskConfig.labourers.example_echo?.health_metrics).toEqual({});
    const metric = taskConfig.labourers.example_stats_puller?.health_metrics.stats_api_latency;
    expect(metric?.metric).toMatchObject({
      namespace: DEMO_HEALTH_METRIC.namespace,
      metricName: DEMO_HEALTH_METRIC.metricName,
    });
    const statusOf = (value: number) => feelingStatus(value, metric?.feelings ?? [], metric?.operator ?? '<');
    expect(statusOf(DEMO_HEALTH_LEVELS.healthy)).toBe(4);
    expect(statusOf(DEMO_HEALTH_LEVELS.moderate)).toBe(2);
    expect(statusOf(DEMO_HEALTH_LEVELS.unhealthy)).toBe(0);
  });
});

describe('formatProgress', () => {
  it('gives a heading and one aligned line per labourer', () => {
    const lines = formatProgress([row('a', 3, 1), row('example_echo', 12, 0)]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^labourer\s+queued\s+running\/cap\s+expired\s+awaiting archive\s+retrying\s+closed ok\s+dead\s+eco\s+budget$/,
    );
    expect(lines[1]).toMatch(/^a\s+0\s+0\/10\s+0\s+0\s+0\s+3\s+1\s+4 High\s+10$/);
    expect(lines[2]).toMatch(/^example_echo\s+0\s+0\/10\s+0\s+0\s+0\s+12\s+0\s+4 High\s+10$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('shows the budget the dispatcher learned from throttling, beside the eco cap', () => {
    const lines = formatProgress([{ ...row('a', 0, 0), running: 4, learnedCap: 4 }]).split('\n');
    expect(lines[1]).toMatch(/^a\s+0\s+4\/4 learned \(eco 10\)\s+0/);
  });
});

describe('readJsonObject', () => {
  it('reads stdin for -, and refuses what is not a JSON object', async () => {
    await expect(readJsonObject('-', Readable.from(['{"a":1}']))).resolves.toEqual({ a: 1 });
    await expect(readJsonObject('-', Readable.from(['[1]']))).rejects.toThrow(
      /stdin must hold a JSON object/,
    );
    await expect(readJsonObject('/nonexistent/job.json')).rejects.toBeInstanceOf(UsageError);
  });
});

describe('withoutScriptSeparator', () => {
  it('drops the -- that `pnpm start -- --tasks 40` passes right after the subcommand', () => {
    expect(withoutScriptSeparator(['start', '--', '--tasks', '40'])).toEqual(['start', '--tasks', '40']);
  });

  it('keeps every other argument, a later -- included', () => {
    expect(withoutScriptSeparator(['start', '--tasks', '40'])).toEqual(['start', '--tasks', '40']);
    expect(withoutScriptSeparator(['config', 'set', '--', 'x'])).toEqual(['config', 'set', '--', 'x']);
    expect(withoutScriptSeparator([])).toEqual([]);
  });
});
