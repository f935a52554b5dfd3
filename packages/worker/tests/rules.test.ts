import { ValidationError } from '@sosw/core';
import {
  InvalidJsonError,
  NestingTooDeepError,
  PayloadMissingError,
  PayloadStorageError,
} from '@sosw/serializer';
import { describe, expect, it } from 'vitest';
import {
  chainMessage,
  classifyError,
  errorReason,
  FatalError,
  nextHop,
  parseChain,
  queueUrlFromArn,
  receiveCount,
  recordMessage,
  reportResult,
  RetryableError,
  RetryLaterError,
  routeInput,
  routeOf,
  settleConcurrent,
  SkipError,
  splitTaskEvent,
  UnknownTaskError,
  WorkerError,
  workerAssistantName,
} from '../src/index.js';
import { snsEnvelope, sqsRecord } from './helpers/factories.js';

describe('classifyError: errors decide the flow', () => {
  it.each<[unknown, object]>([
    [new SkipError('inactive'), { kind: 'skipped', reason: 'inactive' }],
    [
      new RetryLaterError(30, 'later'),
      { kind: 'retry_later', seconds: 30, reason: 'RetryLaterError: later' },
    ],
    [new FatalError('gone'), { kind: 'dead', reason: 'FatalError: gone' }],
    [new UnknownTaskError('x', ['a']), { kind: 'dead' }],
    [
      new ValidationError('bad', [{ path: 'a', message: 'm' }]),
      { kind: 'dead', reason: 'ValidationError: bad' },
    ],
    [new InvalidJsonError('not json', '$'), { kind: 'dead' }],
    [new PayloadMissingError('b', 'k'), { kind: 'dead' }],
    [new NestingTooDeepError('$[0]', 100), { kind: 'dead' }],
    [new RangeError('Maximum call stack size exceeded'), { kind: 'failed' }],
    [new PayloadStorageError('b', 'k', 'get'), { kind: 'failed' }],
    [new RetryableError('503'), { kind: 'failed', reason: 'RetryableError: 503' }],
    [new TypeError('x is undefined'), { kind: 'failed', reason: 'TypeError: x is undefined' }],
    ['a string', { kind: 'failed', reason: 'a string' }],
  ])('%s', (error, expected) => {
    expect(classifyError(error)).toMatchObject(expected);
  });

  it('errorReason of a non-error value', () => {
    expect(errorReason({ code: 1 })).toBe('{ code: 1 }');
  });
});

describe('errors', () => {
  it('are WorkerErrors named after their class', () => {
    const error = new RetryLaterError(5);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error.name).toBe('RetryLaterError');
    expect(error.message).toBe('retry in 5 s');
  });

  it('RetryLaterError takes 0..43200 whole seconds', () => {
    expect(new RetryLaterError(0).seconds).toBe(0);
    expect(new RetryLaterError(43_200).seconds).toBe(43_200);
    expect(() => new RetryLaterError(43_201)).toThrow(RangeError);
    expect(() => new RetryLaterError(1.5)).toThrow('whole number from 0 to 43200, got 1.5');
  });
});

describe('workerAssistantName', () => {
  it('is the option, else the environment, else sosw_worker_assistant', () => {
    expect(workerAssistantName('opt', { SOSW_WORKER_ASSISTANT_NAME: 'env' })).toBe('opt');
    expect(workerAssistantName(undefined, { SOSW_WORKER_ASSISTANT_NAME: 'env' })).toBe('env');
    expect(workerAssistantName(' ', { SOSW_WORKER_ASSISTANT_NAME: '' })).toBe('sosw_worker_assistant');
  });
});

describe('splitTaskEvent and reportResult', () => {
  it('moves the task fields out of the payload', () => {
    expect(
      splitTaskEvent({ task_id: 't', labourer_id: 'l', created_at: 1, attempts: 2, greenfield: 3, n: 1 }),
    ).toEqual({
      task: { task_id: 't', labourer_id: 'l', created_at: 1, attempts: 2, greenfield: 3 },
      payload: { n: 1 },
    });
    expect(splitTaskEvent({ n: 1 })).toEqual({ task: undefined, payload: { n: 1 } });
    expect(() => splitTaskEvent({ task_id: '' })).toThrow(
      'task_id: expected a non-empty string, got an empty string',
    );
    expect(() => splitTaskEvent(null)).toThrow('(root): expected object, got null');
  });

  it('reports objects as they are and other values as { value }', () => {
    expect(reportResult({ a: 1 })).toEqual({ a: 1 });
    expect(reportResult('x')).toEqual({ value: 'x' });
    expect(reportResult(null)).toBeUndefined();
  });
});

describe('SQS records', () => {
  it('queueUrlFromArn', () => {
    expect(queueUrlFromArn('arn:aws:sqs:eu-west-1:123456789012:stats')).toBe(
      'https://sqs.eu-west-1.amazonaws.com/123456789012/stats',
    );
    expect(queueUrlFromArn('arn:aws-cn:sqs:cn-north-1:123456789012:q.fifo')).toBe(
      'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q.fifo',
    );
    expect(() => queueUrlFromArn('arn:aws:sns:us-east-1:1:t')).toThrow('is not an SQS queue ARN');
  });

  it('recordMessage unwraps SNS envelopes only', () => {
    expect(recordMessage(sqsRecord(snsEnvelope('{"n":1}', 'application/x')))).toEqual({
      text: '{"n":1}',
      mediaType: 'application/x',
      source: 'sns',
    });
    // No TopicArn: not an SNS envelope.
    const lookalike = { Type: 'Notification', Message: 'hi' };
    expect(recordMessage(sqsRecord(lookalike))).toEqual({
      text: JSON.stringify(lookalike),
      mediaType: undefined,
      source: 'sqs',
    });
    expect(recordMessage(sqsRecord('plain text'))).toMatchObject({ text: 'plain text', source: 'sqs' });
  });

  it('receiveCount', () => {
    expect(receiveCount({ attributes: { ApproximateReceiveCount: '4' } })).toBe(4);
    expect(receiveCount({ attributes: {} })).toBe(1);
  });
});

describe('chains and routes', () => {
  it('parseChain and nextHop', () => {
    expect(parseChain('a#b#c')).toEqual(['a', 'b', 'c']);
    expect(nextHop('b#c')).toEqual({ next: 'b', callback: 'c' });
    expect(nextHop('c')).toEqual({ next: 'c', callback: undefined });
    expect(nextHop(undefined)).toBeUndefined();
    expect(nextHop('')).toBeUndefined();
    expect(() => parseChain('#a')).toThrow('has an empty task name');
  });

  it('chainMessage puts routing over the result and drops the result’s own routing', () => {
    expect(chainMessage({ next: 'b', callback: 'c' }, { rows: 1, path: 'x', callback: 'y' })).toEqual({
      rows: 1,
      task_name: 'b',
      callback: 'c',
    });
    expect(chainMessage({ next: 'c', callback: undefined }, [1])).toEqual({ result: [1], task_name: 'c' });
    expect(chainMessage({ next: 'c', callback: undefined }, undefined)).toEqual({ task_name: 'c' });
  });

  it('routeOf and routeInput', () => {
    expect(routeOf({ task_name: 'a', path: 'p', callback: 'b' })).toEqual({ taskName: 'a', callback: 'b' });
    expect(routeOf({ path: 'p' })).toEqual({ taskName: 'p', callback: undefined });
    expect(routeOf({ callback: 'a#b#c' })).toEqual({ taskName: 'a', callback: 'b#c' });
    expect(routeOf({})).toEqual({ taskName: undefined, callback: undefined });
    expect(routeInput({ task_name: 'a', payload: { n: 1 } })).toEqual({ n: 1 });
    expect(routeInput({ task_name: 'a', payload: { n: 1 }, m: 2 })).toEqual({ payload: { n: 1 }, m: 2 });
  });
});

describe('settleConcurrent', () => {
  it('settles each item on its own, in order', async () => {
    const results = await settleConcurrent([1, 2, 3], 2, (n) => {
      if (n === 2) return Promise.reject(new Error('two'));
      return Promise.resolve(n * 10);
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toEqual({ status: 'fulfilled', value: 30 });
  });
});
