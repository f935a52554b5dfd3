import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { start, type LabourerProgress, type StartResult } from '../src/index.js';

// The run starts its OWN DynamoDB Local (no AWS_ENDPOINT_URL_DYNAMODB), as `pnpm start` does on a fresh
// machine, so the test can check that the java it started is gone afterwards.
const givenEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
let result: StartResult;
const output: string[] = [];
// The run's key presses: `u` after the first tick makes the demo's downstream unhealthy for three ticks, `h` heals it.
const keys = new PassThrough();
const UNHEALTHY_TICKS = [2, 3, 4];
const ticks: { tick: number; level: string; stats?: LabourerProgress; echo?: LabourerProgress }[] = [];
let dashboardFigures: unknown;

beforeAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    result = await start({
      demoTasks: 30,
      tickSeconds: 0.5,
      prefix: 'start_test_',
      maxSeconds: 240,
      print: (text) => output.push(text),
      keys,
      dashboardPort: 0,
      onTick: async ({ ticks: tick, progress, demoHealth, dashboardUrl, dashboardToken }) => {
        if (tick === 1) {
          const headers = { authorization: `Bearer ${dashboardToken}` };
          dashboardFigures = await (await fetch(`${dashboardUrl}api/figures`, { headers })).json();
        }
        ticks.push({
          tick,
          level: demoHealth.level,
          stats: progress.find((p) => p.labourer === 'example_stats_puller'),
          echo: progress.find((p) => p.labourer === 'example_echo'),
        });
        if (tick === 1) keys.write('u');
        if (tick === UNHEALTHY_TICKS.at(-1)) keys.write('h');
      },
    });
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = givenEndpoint;
  }
}, 420_000);

afterAll(() => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = givenEndpoint;
});

it('finishes the demo job with exit code 0', () => {
  expect(result.reason, output.join('\n')).toBe('done');
  expect(result.exitCode).toBe(0);
});

it('closes every demo task as planned: all completed but the one unknown store, which is buried', () => {
  const byLabourer = Object.fromEntries(result.progress.map((p) => [p.labourer, p]));
  expect(result.plan.expected).toEqual({
    example_echo: { completed: 15, dead: 0 },
    example_stats_puller: { completed: 14, dead: 1 },
  });
  for (const [labourer, expected] of Object.entries(result.plan.expected)) {
    expect(byLabourer[labourer]).toMatchObject({
      closedOk: expected.completed,
      dead: expected.dead,
      queued: 0,
      running: 0,
      completed: 0,
      retrying: 0,
    });
  }
  expect(output.join('\n')).toContain('example_stats_puller: 14/14 completed, 1/1 dead (planned)');
});

it('shows each labourer its eco status and budget, High and full while the downstream is healthy', () => {
  const first = ticks[0];
  expect(first?.level).toBe('healthy');
  expect(first?.stats?.eco).toMatchObject({ status: 4, statusName: 'High' });
  expect(first?.stats?.eco.metrics).toEqual([
    { name: 'stats_api_latency', status: 4, value: 50, outcome: 'value' },
  ]);
  expect(first?.echo?.eco).toMatchObject({ status: 4, statusName: 'High', metrics: [] });
  // max_simultaneous_invocations of the stats puller (5) minus what runs.
  expect(first?.stats?.eco.budget).toBe(Math.max(5 - (first?.stats?.running ?? 0), 0));
  expect(output.join('\n')).toMatch(/eco\s+budget/);
});

it('drops the stats puller to Bad with budget 0 while the downstream is unhealthy: nothing of it is claimed', () => {
  const unhealthy = ticks.filter((t) => UNHEALTHY_TICKS.includes(t.tick));
  expect(unhealthy.map((t) => t.level)).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
  for (const t of unhealthy) {
    expect(t.stats?.eco).toMatchObject({ status: 0, statusName: 'Bad', budget: 0 });
    expect(t.stats?.eco.metrics[0]?.value).toBe(900);
    expect(t.echo?.eco.status).toBe(4); // the echo worker does not depend on it
  }
  // The orchestrator claims nothing of it: its queue only grows (failed tasks come back) until healed.
  const queued = ticks.filter((t) => t.tick >= 1 && t.tick <= 4).map((t) => t.stats?.queued ?? 0);
  for (let i = 1; i < queued.length; i += 1) expect(queued[i]).toBeGreaterThanOrEqual(queued[i - 1] ?? 0);
  expect(queued.at(-1)).toBeGreaterThan(0);
  expect(output.join('\n')).toContain('downstream is now unhealthy');
  expect(ticks.find((t) => t.tick === 5)?.level).toBe('healthy');
});

it('serves the dashboard over the same tables while it runs, and prints its address', () => {
  expect(output.join('\n')).toContain(`[sosw start] dashboard: ${String(result.dashboardUrl)}`);
  expect(JSON.stringify(dashboardFigures)).toContain('example_stats_puller');
  expect(JSON.stringify(dashboardFigures)).toContain('example_echo');
});

it('leaves nothing running: its DynamoDB Local and local Lambda endpoint are gone', async () => {
  expect(result.dynamodb.source).toBe('jvm');
  const pid = result.dynamodb.pid;
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid ?? 0, 0)).toThrow(/ESRCH/);
  await expect(fetch(`${result.dynamodb.endpoint}/`)).rejects.toThrow();
  await expect(
    fetch(`${String(result.lambdaEndpoint)}/2015-03-31/functions/x/configuration`),
  ).rejects.toThrow();
  await expect(fetch(String(result.cloudwatchEndpoint), { method: 'POST' })).rejects.toThrow();
  await expect(fetch(String(result.dashboardUrl))).rejects.toThrow();
});

it('puts back the environment it changed', () => {
  expect(process.env.AWS_ENDPOINT_URL_LAMBDA).toBeUndefined();
  expect(process.env.AWS_ENDPOINT_URL_CLOUDWATCH).toBeUndefined();
  expect(process.env.SOSW_TABLE_PREFIX).toBeUndefined();
});
