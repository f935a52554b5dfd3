import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../src/errors.js';
import { createLambdaContext, newLogStreamName } from '../src/local-lambda-context.js';
import { FaultPlan, seededRandom, validateFaults } from '../src/local-lambda-faults.js';
import { isFunctionName, localFunctionArn, parseFunctionName } from '../src/local-lambda-function-name.js';
import { awsError, functionErrorOf, timeoutError } from '../src/local-lambda-replies.js';
import { matchRoute } from '../src/local-lambda-routes.js';

describe('parseFunctionName', () => {
  it('reads every form the Invoke API allows', () => {
    const cases: [string, { name: string; qualifier: string | undefined }][] = [
      ['worker', { name: 'worker', qualifier: undefined }],
      ['worker:$LATEST', { name: 'worker', qualifier: '$LATEST' }],
      ['worker:live', { name: 'worker', qualifier: 'live' }],
      ['123456789012:function:worker', { name: 'worker', qualifier: undefined }],
      ['123456789012:function:worker:7', { name: 'worker', qualifier: '7' }],
      [
        'arn:aws:lambda:us-east-1:000000000000:function:my_worker-2',
        { name: 'my_worker-2', qualifier: undefined },
      ],
      [
        'arn:aws-cn:lambda:cn-north-1:123456789012:function:worker:$LATEST',
        { name: 'worker', qualifier: '$LATEST' },
      ],
    ];
    for (const [functionName, expected] of cases)
      expect(parseFunctionName(functionName), functionName).toEqual(expected);
  });

  it('refuses what is no function name', () => {
    for (const functionName of [
      '',
      'a b',
      'arn:aws:s3:::bucket',
      'arn:aws:lambda:us-east-1:12:function:w',
      'x'.repeat(65),
      'w:a:b',
    ]) {
      expect(parseFunctionName(functionName), functionName).toBeUndefined();
    }
  });

  it('agrees with isFunctionName and localFunctionArn', () => {
    expect(isFunctionName('worker_1-a')).toBe(true);
    expect(isFunctionName('worker.1')).toBe(false);
    expect(parseFunctionName(localFunctionArn('worker'))).toEqual({ name: 'worker', qualifier: undefined });
  });
});

describe('matchRoute', () => {
  it('finds Invoke and GetFunctionConfiguration, with the name decoded and the qualifier from the query', () => {
    expect(matchRoute('POST', '/2015-03-31/functions/worker/invocations')).toEqual({
      operation: 'Invoke',
      functionName: 'worker',
      qualifier: undefined,
    });
    expect(
      matchRoute(
        'GET',
        '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Aw/configuration?Qualifier=%24LATEST',
      ),
    ).toEqual({
      operation: 'GetFunctionConfiguration',
      functionName: 'arn:aws:lambda:us-east-1:0:function:w',
      qualifier: '$LATEST',
    });
  });

  it('calls anything else unknown, and says what it was', () => {
    for (const [method, url] of [
      ['GET', '/2015-03-31/functions/worker/invocations'],
      ['POST', '/2015-03-31/functions/worker/configuration'],
      ['POST', '/2014-11-13/functions/worker/invoke-async'],
      ['GET', '/'],
      ['POST', '/2015-03-31/functions//invocations'],
      ['POST', '/2015-03-31/functions/%E0%A4%A/invocations'],
    ] as const) {
      const route = matchRoute(method, url);
      expect(route.operation, `${method} ${url}`).toBe('unknown');
    }
    expect(matchRoute('GET', '/x')).toEqual({
      operation: 'unknown',
      reason: 'GET /x is not an operation of the local Lambda endpoint',
    });
  });
});

describe('faults', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 20 }, () => a());

    expect(Array.from({ length: 20 }, () => b())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('hits no request at rate 0 and every request at rate 1, picking among the kinds', () => {
    const never = new FaultPlan({ rate: 0, kinds: ['error'], seed: 1 });
    const always = new FaultPlan({ rate: 1, kinds: ['throttle', 'error', 'timeout'], seed: 1 });

    const none = Array.from({ length: 100 }, () => never.next('w'));
    const all = Array.from({ length: 300 }, () => always.next('w'));

    expect(none.every((kind) => kind === undefined)).toBe(true);
    expect(new Set(all)).toEqual(new Set(['throttle', 'error', 'timeout']));
  });

  it('spares functions not named in `functions`, without drawing for them', () => {
    const plan = new FaultPlan({ rate: 1, kinds: ['error'], functions: ['worker'] });

    expect(plan.next('worker-assistant')).toBeUndefined();
    expect(plan.next('worker')).toBe('error');
  });

  it('holds a timeout for 30 s unless told less', () => {
    expect(new FaultPlan({ rate: 1, kinds: ['timeout'] }).hangMs).toBe(30_000);
    expect(new FaultPlan({ rate: 1, kinds: ['timeout'], hangMs: 250 }).hangMs).toBe(250);
  });

  it('refuses faults it cannot apply, naming the field', () => {
    const bad: [Parameters<typeof validateFaults>[0], string][] = [
      [{ rate: -0.1, kinds: ['error'] }, 'faults.rate'],
      [{ rate: Number.NaN, kinds: ['error'] }, 'faults.rate'],
      [{ rate: 0.5, kinds: [] }, 'faults.kinds'],
      [{ rate: 0.5, kinds: ['explode' as 'error'] }, 'faults.kinds'],
      [{ rate: 0.5, kinds: ['error'], seed: 1.5 }, 'faults.seed'],
      [{ rate: 0.5, kinds: ['timeout'], hangMs: 30_001 }, 'faults.hangMs'],
    ];
    for (const [faults, option] of bad) {
      expect(() => validateFaults(faults)).toThrow(InvalidOptionError);
      expect(() => validateFaults(faults)).toThrow(`'${option}'`);
    }
  });
});

describe('replies', () => {
  it('shapes an AWS error as the SDK reads it', () => {
    const reply = awsError(404, 'ResourceNotFoundException', 'Function not found: x');

    expect(reply.status).toBe(404);
    expect(reply.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(reply.body)).toEqual({ Type: 'User', message: 'Function not found: x' });
  });

  it('reports a thrown value as the Node.js runtime does', () => {
    class LabourerError extends Error {
      override name = 'LabourerError';
    }
    expect(functionErrorOf(new LabourerError('no budget'))).toMatchObject({
      errorType: 'LabourerError',
      errorMessage: 'no budget',
    });
    expect(functionErrorOf('plain')).toEqual({ errorType: 'string', errorMessage: 'plain', trace: [] });
    expect(functionErrorOf({ code: 7 })).toEqual({
      errorType: 'object',
      errorMessage: '{"code":7}',
      trace: [],
    });
    expect(functionErrorOf(10n).errorMessage).toBe('10');
  });

  it("says 'Task timed out after N seconds' with two decimals, as Lambda does", () => {
    expect(timeoutError('r-1', 3)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: r-1 Error: Task timed out after 3.00 seconds',
    });
  });
});

describe('createLambdaContext', () => {
  it('counts the remaining time down to the deadline, and not below 0', () => {
    let now = 1_000;
    const context = createLambdaContext({
      functionName: 'w',
      functionArn: localFunctionArn('w'),
      memorySize: 512,
      logStreamName: newLogStreamName(new Date('2025-03-09T12:00:00Z')),
      awsRequestId: 'r-1',
      deadline: 4_000,
      now: () => now,
    });

    expect(context.getRemainingTimeInMillis()).toBe(3_000);
    now = 3_999;
    expect(context.getRemainingTimeInMillis()).toBe(1);
    now = 10_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(context.memoryLimitInMB).toBe('512');
    expect(context.logStreamName).toMatch(/^2025\/03\/09\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.clientContext).toBeUndefined();
  });
});
