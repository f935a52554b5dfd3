import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ContinuationError, invokeSelf, selfFunction } from '../src/index.js';
import { lambdaContext, SELF_ARN } from './helpers/factories.js';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());
afterAll(() => {
  lambda.restore();
});

const resume = { bucket: 'b', key: 'k', position: 10, job_id: 'j' };

describe('self-invocation', () => {
  it('targets the invoked ARN (alias kept), else the function name', () => {
    expect(selfFunction({ ...lambdaContext(), invokedFunctionArn: `${SELF_ARN}:live` })).toBe(
      `${SELF_ARN}:live`,
    );
    expect(selfFunction({ ...lambdaContext(), invokedFunctionArn: undefined })).toBe('sosw_scheduler');
    expect(() => selfFunction({ awsRequestId: 'r', getRemainingTimeInMillis: () => 1 })).toThrow(
      ContinuationError,
    );
  });

  it('sends {resume} asynchronously', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await invokeSelf(new LambdaClient({}), lambdaContext(), resume);
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input).toMatchObject({ FunctionName: SELF_ARN, InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(call?.args[0].input.Payload as Uint8Array))).toEqual({
      resume,
    });
  });

  it('fails when Lambda does not accept the invocation', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    await expect(invokeSelf(new LambdaClient({}), lambdaContext(), resume)).rejects.toThrow(
      `invoking ${SELF_ARN} to continue job "j" at task 10 gave status 200, not 202`,
    );
    lambda.on(InvokeCommand).rejects(new Error('AccessDenied'));
    await expect(invokeSelf(new LambdaClient({}), lambdaContext(), resume)).rejects.toThrow('AccessDenied');
  });
});
