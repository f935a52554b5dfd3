import { afterAll, beforeAll, expect, it } from 'vitest';
import { start, type StartResult } from '../src/index.js';

// The run starts its OWN DynamoDB Local (no AWS_ENDPOINT_URL_DYNAMODB), as `pnpm start` does on a fresh
// machine, so the test can check that the java it started is gone afterwards.
const givenEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
let result: StartResult;
const output: string[] = [];

beforeAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    result = await start({
      demoTasks: 30,
      tickSeconds: 0.5,
      prefix: 'start_test_',
      maxSeconds: 240,
      print: (text) => output.push(text),
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

it('leaves nothing running: its DynamoDB Local and local Lambda endpoint are gone', async () => {
  expect(result.dynamodb.source).toBe('jvm');
  const pid = result.dynamodb.pid;
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid ?? 0, 0)).toThrow(/ESRCH/);
  await expect(fetch(`${result.dynamodb.endpoint}/`)).rejects.toThrow();
  await expect(
    fetch(`${String(result.lambdaEndpoint)}/2015-03-31/functions/x/configuration`),
  ).rejects.toThrow();
});

it('puts back the environment it changed', () => {
  expect(process.env.AWS_ENDPOINT_URL_LAMBDA).toBeUndefined();
  expect(process.env.SOSW_TABLE_PREFIX).toBeUndefined();
});
