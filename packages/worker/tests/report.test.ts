import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportDeliveryError, WorkerAssistantClient } from '../src/index.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

describe('WorkerAssistantClient', () => {
  let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
  beforeAll(async () => {
    assistant = await startAssistantRecorder();
  });
  afterAll(() => assistant.stop());

  it('invokes sosw_worker_assistant asynchronously with the report, through the real LambdaClient', async () => {
    const client = new WorkerAssistantClient();
    expect(client.functionName).toBe('sosw_worker_assistant');
    await client.report({
      action: 'mark_task_as_dead',
      task_id: 't1',
      labourer_id: 'l',
      reason: 'FatalError: x',
    });
    expect(await assistant.reports()).toEqual([
      { action: 'mark_task_as_dead', task_id: 't1', labourer_id: 'l', reason: 'FatalError: x' },
    ]);
  });

  it('throws ReportDeliveryError when the invoke is not accepted with 202', async () => {
    const lambdaMock = mockClient(LambdaClient);
    try {
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200 });
      const client = new WorkerAssistantClient({ lambda: new LambdaClient({}) });
      await expect(
        client.report({ action: 'mark_task_as_completed', task_id: 't1', labourer_id: 'l' }),
      ).rejects.toThrow(
        'could not report mark_task_as_completed of task t1 to sosw_worker_assistant: Error: the invoke answered status 200, not 202',
      );
      await expect(
        client.report({ action: 'mark_task_as_completed', task_id: 't1', labourer_id: 'l' }),
      ).rejects.toBeInstanceOf(ReportDeliveryError);
    } finally {
      lambdaMock.restore();
    }
  });
});
