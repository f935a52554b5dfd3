import { ValidationError } from '@sosw/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimedAttempt, defineWorker, FatalError } from '../src/index.js';
import { CLAIM_GREENFIELD, lambdaContext, recordingLogger, taskEvent } from './helpers/factories.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

/**
 * Every report names the attempt it is about (issue 17 item 3), so the worker-assistant can refuse a late
 * or duplicated one whose attempt is over. The reports go through the real LambdaClient to a recorder.
 */

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

const quiet = () => ({ logger: recordingLogger() });

describe('the attempt in reports', () => {
  it('is the attempts and greenfield of the claim our orchestrator sent, in every kind of report', async () => {
    const claim = { attempts: 3, greenfield: CLAIM_GREENFIELD };
    await defineWorker(() => ({ ok: true }), quiet())(taskEvent({}, { task_id: 'done', ...claim }));
    await expect(
      defineWorker(() => {
        throw new Error('boom');
      }, quiet())(taskEvent({}, { task_id: 'failed', ...claim })),
    ).rejects.toThrow('boom');
    await expect(
      defineWorker(() => {
        throw new FatalError('never');
      }, quiet())(taskEvent({}, { task_id: 'dead', ...claim })),
    ).rejects.toThrow('never');

    const reports = (await assistant.reports()) as Record<string, unknown>[];
    expect(reports.map((report) => [report.task_id, report.action])).toEqual([
      ['done', 'mark_task_as_completed'],
      ['failed', 'mark_task_as_failed'],
      ['dead', 'mark_task_as_dead'],
    ]);
    for (const report of reports) expect(report).toMatchObject({ labourer_id: 'echo', ...claim });
  });

  it("is left out for Python sosw's orchestrator, which sends the task as it was before the claim", async () => {
    // Its greenfield is a queued one (in the past) and its attempts one short: they name no attempt.
    await defineWorker(() => ({ ok: true }), quiet())(taskEvent({}, { attempts: 0, greenfield: 5000 }));
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        stats: {},
        result: { ok: true },
      },
    ]);
  });
});

describe('an event with a task_id and no labourer_id', () => {
  it('is refused before fn runs, and nothing is reported: no orchestrator sends one', async () => {
    let ran = false;
    const handler = defineWorker(() => {
      ran = true;
    }, quiet());
    const { labourer_id: _none, ...event } = taskEvent({});
    const error: unknown = await handler(event, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      'worker event is invalid: labourer_id: expected a non-empty string, got nothing',
    );
    expect(ran).toBe(false);
    expect(await assistant.reports()).toEqual([]);
  });
});

describe('claimedAttempt', () => {
  it('takes a greenfield in the future (a claim) with attempts >= 1, and nothing else', () => {
    const now = 1_700_000_000;
    expect(claimedAttempt({ attempts: 1, greenfield: now + 31_557_600 }, now)).toEqual({
      attempts: 1,
      greenfield: now + 31_557_600,
    });
    expect(claimedAttempt({ attempts: 1, greenfield: now - 1 }, now)).toBeUndefined();
    expect(claimedAttempt({ attempts: 0, greenfield: now + 31_557_600 }, now)).toBeUndefined();
    expect(claimedAttempt({ attempts: undefined, greenfield: now + 31_557_600 }, now)).toBeUndefined();
    expect(claimedAttempt({ attempts: 1, greenfield: undefined }, now)).toBeUndefined();
  });
});
