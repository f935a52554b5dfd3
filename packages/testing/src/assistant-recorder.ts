import { startLocalLambda, type LocalLambda } from '@sosw/local';

/** The worker-assistant's default function name, as workers address it. */
export const WORKER_ASSISTANT_NAME = 'sosw_worker_assistant';

/** A local Lambda endpoint whose worker-assistant only records what workers report. */
export type AssistantRecorder = LocalLambda & {
  /** The reports received since the last call, oldest first; each must have been an asynchronous invoke. */
  reports(): Promise<unknown[]>;
};

/**
 * A local Lambda endpoint where `sosw_worker_assistant` is a recorder, and `AWS_ENDPOINT_URL_LAMBDA` points
 * at it, so a worker's real LambdaClient reports there. For worker tests: call in `beforeAll`, `stop()` in
 * `afterAll`.
 *
 * @example
 * const assistant = await startWorkerAssistantRecorder();
 * await handler(taskEvent, fakeLambdaContext());
 * expect(await assistant.reports()).toEqual([{ action: 'mark_task_as_completed', task_id: 't1', ... }]);
 */
export async function startWorkerAssistantRecorder(): Promise<AssistantRecorder> {
  const lambda = await startLocalLambda({
    functions: { [WORKER_ASSISTANT_NAME]: { handler: () => ({ recorded: true }) } },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  let seen = 0;
  return Object.assign(lambda, {
    async reports(): Promise<unknown[]> {
      await lambda.idle();
      const all = lambda.invocations.filter((invocation) => invocation.name === WORKER_ASSISTANT_NAME);
      const fresh = all.slice(seen);
      seen = all.length;
      for (const invocation of fresh) {
        if (invocation.invocationType !== 'Event') throw new Error('a report was not an asynchronous invoke');
      }
      return fresh.map((invocation) => invocation.payload);
    },
  });
}
