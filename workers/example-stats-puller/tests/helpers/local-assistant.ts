import { startLocalLambda, type LocalLambda } from '@sosw/testing';

export const ASSISTANT = 'sosw_worker_assistant';

/**
 * A local Lambda endpoint where `sosw_worker_assistant` is a recorder, reached by the real LambdaClient
 * through AWS_ENDPOINT_URL_LAMBDA. Call in beforeAll; `stop()` in afterAll. (Copied from @sosw/worker's tests.)
 */
export async function startAssistantRecorder(): Promise<LocalLambda & { reports(): Promise<unknown[]> }> {
  const lambda = await startLocalLambda({
    functions: { [ASSISTANT]: { handler: () => ({ recorded: true }) } },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  let seen = 0;
  return Object.assign(lambda, {
    /** The reports the assistant received since the last call, oldest first. */
    async reports(): Promise<unknown[]> {
      await lambda.idle();
      const all = lambda.invocations.filter((invocation) => invocation.name === ASSISTANT);
      const fresh = all.slice(seen);
      seen = all.length;
      for (const invocation of fresh) {
        if (invocation.invocationType !== 'Event') throw new Error('a report was not an asynchronous invoke');
      }
      return fresh.map((invocation) => invocation.payload);
    },
  });
}
