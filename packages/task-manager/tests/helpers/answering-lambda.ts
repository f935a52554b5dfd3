import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '@sosw/testing';

/** An error as Lambda answers it: an HTTP status and the `x-amzn-ErrorType` code. */
export interface LambdaErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** A Lambda endpoint that answers every request with one error, and the real client pointed at it. */
export interface AnsweringLambda {
  lambda: LambdaClient;
  /** How many requests reached the endpoint (the SDK's own retries included). */
  requests: () => number;
  stop: () => Promise<void>;
}

/**
 * Starts an endpoint that answers every request with `answer`, in Lambda's REST-JSON error shape (the code
 * in `x-amzn-ErrorType`, `Type` and `message` in the body), so the real Lambda client throws what it would
 * throw for that answer from AWS. For the refusals the local Lambda of `@sosw/testing` cannot give: a
 * task's payload past Lambda's 1 MB asynchronous limit cannot be stored in DynamoDB (400 KB an item), so a
 * 413 can only come from an endpoint that says so.
 *
 * @example
 * const endpoint = await startAnsweringLambda({ status: 413, code: 'RequestEntityTooLargeException', message: 'too big' });
 */
export async function startAnsweringLambda(answer: LambdaErrorAnswer): Promise<AnsweringLambda> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': answer.code,
        'x-amzn-requestid': `answer-${requests}`,
      });
      response.end(JSON.stringify({ Type: 'User', message: answer.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const lambda = new LambdaClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return {
    lambda,
    requests: () => requests,
    stop: async () => {
      lambda.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
