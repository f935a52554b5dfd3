import { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConfigError, createHandler, saveConfig, type Stats } from '../src/index.js';
import { fakeContext } from './helpers/lambda-context.js';
import { captureLogs } from './helpers/logs.js';

/** A processor that counts its calls in its stats and reports them. */
class Counter {
  constructor(readonly stats: Stats) {}
  run(event: { fail?: boolean; by?: number }): {
    current: Record<string, number>;
    lifetime: Record<string, number>;
  } {
    this.stats.increment('calls', event.by ?? 1);
    if (event.fail) throw new Error('run failed on purpose');
    return { current: this.stats.current(), lifetime: this.stats.lifetime() };
  }
}

/** A handler around `Counter` that counts its builds. */
function counterHandler(buildFails: boolean[] = []) {
  const builds = { started: 0 };
  const handler = createHandler({
    name: 'sosw_counter',
    build: ({ stats }) => {
      builds.started += 1;
      if (buildFails.shift() === true) throw new Error(`build ${builds.started} failed`);
      return new Counter(stats);
    },
    run: (counter, event: { fail?: boolean; by?: number }) => counter.run(event),
  });
  return { handler, builds };
}

describe('createHandler', () => {
  it('builds the processor once and reuses it across invocations', async () => {
    captureLogs();
    const { handler, builds } = counterHandler();
    expect(builds.started).toBe(0); // lazily: nothing built before the first invocation
    await handler({}, fakeContext());
    await handler({}, fakeContext());
    const third = await handler({}, fakeContext());
    expect(builds.started).toBe(1);
    expect(third.lifetime).toEqual({ calls: 3 });
  });

  it('shares one build among concurrent first invocations', async () => {
    captureLogs();
    let finishBuild: () => void = () => undefined;
    const buildGate = new Promise<void>((resolve) => (finishBuild = resolve));
    let builds = 0;
    const handler = createHandler({
      name: 'sosw_concurrent',
      build: async () => {
        builds += 1;
        await buildGate;
        return { id: builds };
      },
      run: (processor) => processor.id,
    });
    const calls = [handler(null, fakeContext()), handler(null, fakeContext()), handler(null, fakeContext())];
    finishBuild();
    expect(await Promise.all(calls)).toEqual([1, 1, 1]);
    expect(builds).toBe(1);
  });

  it('resets the current stats after every invocation while lifetime totals grow', async () => {
    captureLogs();
    const { handler } = counterHandler();
    expect(await handler({ by: 2 }, fakeContext())).toEqual({
      current: { calls: 2 },
      lifetime: { calls: 2 },
    });
    expect(await handler({ by: 3 }, fakeContext())).toEqual({
      current: { calls: 3 },
      lifetime: { calls: 5 },
    });
    expect(await handler({}, fakeContext())).toEqual({ current: { calls: 1 }, lifetime: { calls: 6 } });
  });

  it('resets the current stats after a failed invocation too', async () => {
    captureLogs();
    const { handler } = counterHandler();
    await expect(handler({ fail: true, by: 10 }, fakeContext())).rejects.toThrow('run failed on purpose');
    expect(await handler({}, fakeContext())).toEqual({ current: { calls: 1 }, lifetime: { calls: 11 } });
  });

  it('does not keep a failed build: the next invocation builds again, then reuses', async () => {
    captureLogs();
    const { handler, builds } = counterHandler([true, false]);
    await expect(handler({}, fakeContext())).rejects.toThrow('build 1 failed');
    expect(await handler({}, fakeContext())).toEqual({ current: { calls: 1 }, lifetime: { calls: 1 } });
    await handler({}, fakeContext());
    expect(builds.started).toBe(2);
  });

  it('logs JSON lines carrying the function name and each request id, and a summary with the stats', async () => {
    const logs = captureLogs();
    const handler = createHandler({
      name: 'sosw_logging',
      build: ({ logger, stats }) => ({ logger, stats }),
      run: ({ logger, stats }, event: { label: string }) => {
        stats.increment('greetings');
        logger.info('hello', { label: event.label });
        return 'ok';
      },
    });
    const first = fakeContext({ functionName: 'dev_sosw_logging' });
    const second = fakeContext({ functionName: 'dev_sosw_logging' });
    await handler({ label: 'one' }, first);
    await handler({ label: 'two' }, second);

    const lines = logs.lines();
    const hello = lines.filter((line) => line.message === 'hello');
    expect(hello.map((line) => [line.label, line.function_request_id])).toEqual([
      ['one', first.awsRequestId],
      ['two', second.awsRequestId],
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'sosw_logging', function_name: 'dev_sosw_logging' });
    }
    const built = lines.filter((line) => line.message === 'processor built');
    expect(built).toHaveLength(1);
    expect(built[0]!.function_request_id).toBe(first.awsRequestId);
    const summaries = lines.filter((line) => line.message === 'invocation finished');
    expect(summaries.map((line) => [line.function_request_id, line.stats, line.lifetime_stats])).toEqual([
      [first.awsRequestId, { greetings: 1 }, { greetings: 1 }],
      [second.awsRequestId, { greetings: 1 }, { greetings: 2 }],
    ]);
  });

  it('logs a failed invocation as an error with its request id and stats', async () => {
    const logs = captureLogs();
    const { handler } = counterHandler();
    const context = fakeContext();
    await expect(handler({ fail: true }, context)).rejects.toThrow();
    const failed = logs.lines().find((line) => line.message === 'invocation failed');
    expect(failed).toMatchObject({
      level: 'ERROR',
      function_request_id: context.awsRequestId,
      stats: { calls: 1 },
      error: { name: 'Error', message: 'run failed on purpose' },
    });
  });

  it('does not carry keys a processor appended into the next invocation', async () => {
    const logs = captureLogs();
    const handler = createHandler({
      name: 'sosw_keys',
      build: ({ logger }) => logger,
      run: (logger, event: { task?: string }) => {
        if (event.task) logger.appendKeys({ task_id: event.task });
        logger.info('working');
        return null;
      },
    });
    await handler({ task: 't1' }, fakeContext());
    await handler({}, fakeContext());
    const working = logs.lines().filter((line) => line.message === 'working');
    expect(working.map((line) => line.task_id)).toEqual(['t1', undefined]);
  });

  it('uses an injected logger and extra middlewares', async () => {
    const logs = captureLogs();
    const logger = new Logger({ serviceName: 'injected' });
    const seen: string[] = [];
    const tagEvent: MiddlewareObj<{ tags: string[] }, string> = {
      before: (request) => {
        request.event.tags.push('middleware');
      },
      after: (request) => {
        seen.push(`after:${String(request.response)}`);
      },
    };
    const handler = createHandler({
      name: 'sosw_middlewares',
      logger,
      middlewares: [tagEvent],
      build: () => 'processor',
      run: (_processor, event: { tags: string[] }) => event.tags.join(','),
    });
    expect(await handler({ tags: ['caller'] }, fakeContext())).toBe('caller,middleware');
    expect(seen).toEqual(['after:caller,middleware']);
    expect(logs.lines().every((line) => line.service === 'injected')).toBe(true);
  });
});

describe('createHandler with config', () => {
  let tables: TestTables;
  const schema = z.object({ greeting: z.string(), times: z.number().int() });

  beforeAll(async () => {
    tables = await createTestTables();
  });

  afterAll(async () => {
    await tables.drop();
  });

  it('loads and validates the config before building, and retries a build that failed on bad config', async () => {
    captureLogs();
    const where = { tableName: tables.names.config, env: 'handler', variables: {} };
    await saveConfig('sosw_greeter_config', { times: 'twice' }, where);
    let builds = 0;
    const handler = createHandler({
      name: 'sosw_greeter',
      config: { ...where, schema, defaults: { greeting: 'hello', times: 1 } },
      build: ({ config }) => {
        builds += 1;
        return config;
      },
      run: (config) => `${config.greeting} x${config.times}`,
    });

    const failure = handler({}, fakeContext());
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow('times: expected number, got string');
    expect(builds).toBe(0); // a bad config stops the start before build

    await saveConfig('sosw_greeter_config', { times: 2 }, where);
    expect(await handler({}, fakeContext())).toBe('hello x2');
    await saveConfig('sosw_greeter_config', { times: 3 }, where);
    expect(await handler({}, fakeContext())).toBe('hello x2'); // warm: built once, config read once
    expect(builds).toBe(1);
  });

  it('reads the row of config.functionName when given', async () => {
    captureLogs();
    const where = { tableName: tables.names.config, env: 'renamed', variables: {} };
    await saveConfig('legacy_name_config', { greeting: 'hi', times: 5 }, where);
    const handler = createHandler({
      name: 'sosw_new_name',
      config: { ...where, schema, functionName: 'legacy_name' },
      build: ({ config }) => config,
      run: (config) => config.times,
    });
    expect(await handler({}, fakeContext())).toBe(5);
  });
});
