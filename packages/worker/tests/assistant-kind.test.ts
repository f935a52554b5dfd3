import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assistantKind,
  defineWorker,
  FatalError,
  ThrottledError,
  WORKER_ASSISTANT_KIND_ENV,
  WorkerOptionError,
} from '../src/index.js';
import { ATTEMPT_1, lambdaContext, recordingLogger, taskEvent } from './helpers/factories.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

/**
 * A mixed fleet (issue 17 item 8): Python sosw's worker-assistant takes `mark_task_as_completed` and
 * `mark_task_as_failed` only, and raises "Action `...` is not supported" for anything else. A worker told
 * that its worker-assistant is Python's sends what that one understands.
 */

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());
afterEach(() => {
  Reflect.deleteProperty(process.env, WORKER_ASSISTANT_KIND_ENV);
});

const fails = (error: Error) => () => {
  throw error;
};

/** Each of the worker's outcomes once, and the reports they made. */
async function reportsOf(options: { assistant?: 'sosw-ts' | 'sosw-python' }) {
  const run = async (fn: () => unknown) => {
    await defineWorker(fn, { logger: recordingLogger(), rethrow: false, ...options })(
      taskEvent({}),
      lambdaContext(),
    );
  };
  await run(() => ({ rows: 1 }));
  await run(fails(new Error('socket hang up')));
  await run(fails(new FatalError('account 7 does not exist')));
  await run(fails(new ThrottledError('HTTP 429')));
  return assistant.reports();
}

const base = { task_id: 'task-1', labourer_id: 'echo', ...ATTEMPT_1, stats: {} };

describe("assistant: 'sosw-python'", () => {
  it('sends deaths and throttles as mark_task_as_failed, saying what happened in result', async () => {
    expect(await reportsOf({ assistant: 'sosw-python' })).toEqual([
      { ...base, action: 'mark_task_as_completed', result: { rows: 1 } },
      { ...base, action: 'mark_task_as_failed', reason: 'Error: socket hang up' },
      {
        ...base,
        action: 'mark_task_as_failed',
        reason: 'FatalError: account 7 does not exist',
        result: { error: 'FatalError: account 7 does not exist', fatal: true },
      },
      {
        ...base,
        action: 'mark_task_as_failed',
        reason: 'ThrottledError: HTTP 429',
        result: { error: 'ThrottledError: HTTP 429', throttled: true },
      },
    ]);
  });

  it(`is what ${WORKER_ASSISTANT_KIND_ENV}=sosw-python says when the option does not`, async () => {
    process.env[WORKER_ASSISTANT_KIND_ENV] = 'sosw-python';
    const reports = (await reportsOf({})) as { action: string }[];
    expect(reports.map((report) => report.action)).toEqual([
      'mark_task_as_completed',
      'mark_task_as_failed',
      'mark_task_as_failed',
      'mark_task_as_failed',
    ]);
  });
});

describe("assistant: 'sosw-ts' (the default)", () => {
  it('sends every action as it is', async () => {
    const reports = (await reportsOf({})) as { action: string }[];
    expect(reports.map((report) => report.action)).toEqual([
      'mark_task_as_completed',
      'mark_task_as_failed',
      'mark_task_as_dead',
      'mark_task_as_throttled',
    ]);
  });

  it('wins over the environment when given', async () => {
    process.env[WORKER_ASSISTANT_KIND_ENV] = 'sosw-python';
    const reports = (await reportsOf({ assistant: 'sosw-ts' })) as { action: string }[];
    expect(reports.map((report) => report.action)).toContain('mark_task_as_dead');
  });
});

describe('a kind that is not known', () => {
  it('fails when the worker is defined, naming the option or the variable', () => {
    expect(() => defineWorker(() => 1, { assistant: 'python' as never })).toThrow(
      new WorkerOptionError('assistant', 'expected "sosw-ts" or "sosw-python", got "python"'),
    );
    expect(() => assistantKind(undefined, { [WORKER_ASSISTANT_KIND_ENV]: 'ts' })).toThrow(
      'worker option SOSW_WORKER_ASSISTANT_KIND is invalid: expected "sosw-ts" or "sosw-python", got "ts"',
    );
    expect(assistantKind(undefined, { [WORKER_ASSISTANT_KIND_ENV]: ' ' })).toBe('sosw-ts');
  });
});
