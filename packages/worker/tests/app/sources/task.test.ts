import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { ATTEMPT_1, lambdaContext, taskEvent } from '../../helpers/factories.js';
import { startAssistantRecorder } from '../../helpers/local-assistant.js';

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

describe('task: a sosw task goes to onTask', () => {
  it('a sosw task (task_id): to onTask, which reports to the worker-assistant as defineWorker does', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(taskEvent({ account: 7 }), lambdaContext())).resolves.toEqual({ echoed: true });
    expect(calls).toEqual([{ handler: 'task', input: { account: 7 }, detail: 'task-1' }]);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        result: { echoed: true },
      },
    ]);
  });
});
