import {
  EC2ThrottledException,
  ENILimitReachedException,
  InvalidParameterValueException,
  InvalidRequestContentException,
  KMSAccessDeniedException,
  LambdaServiceException,
  RecursiveInvocationException,
  RequestTooLargeException,
  ResourceConflictException,
  ResourceNotFoundException,
  SerializedRequestEntityTooLargeException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { invokeOutputRefusal, invokeRefusalOf } from '../src/invoke-refusal.js';

/** What the SDK attaches to an error Lambda answered with. */
const answered = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** An error code the SDK has no class for: it throws its base exception under that name. */
function unmodelled(name: string, httpStatusCode: number, message: string): LambdaServiceException {
  return new LambdaServiceException({ name, $fault: 'client', message, ...answered(httpStatusCode) });
}

describe('invokeRefusalOf', () => {
  it.each([
    ['RequestTooLargeException', new RequestTooLargeException({ message: 'too big', ...answered(413) })],
    [
      'RequestEntityTooLargeException (what Lambda sends for a payload over 1 MB)',
      unmodelled('RequestEntityTooLargeException', 413, 'Request must be smaller than 1048576 bytes'),
    ],
    ['any 413, whatever its code', unmodelled('PayloadTooLarge', 413, 'too big')],
    [
      'SerializedRequestEntityTooLargeException',
      new SerializedRequestEntityTooLargeException({ message: 'too big', ...answered(413) }),
    ],
    [
      'InvalidRequestContentException',
      new InvalidRequestContentException({
        message: 'Could not parse request body into json',
        ...answered(400),
      }),
    ],
  ])('%s is permanent: the task can never be invoked as it is', (_, error) => {
    expect(invokeRefusalOf(error).kind).toBe('permanent');
  });

  it.each([
    [
      'TooManyRequestsException (429)',
      new TooManyRequestsException({ message: 'Rate Exceeded.', ...answered(429) }),
    ],
    ['ServiceException (500)', new ServiceException({ message: 'internal', ...answered(500) })],
    ['an unmodelled 503', unmodelled('ServiceUnavailable', 503, 'slow down')],
    ['EC2ThrottledException (502)', new EC2ThrottledException({ message: 'ec2', ...answered(502) })],
    ['ENILimitReachedException (502)', new ENILimitReachedException({ message: 'eni', ...answered(502) })],
    ['KMSAccessDeniedException (502)', new KMSAccessDeniedException({ message: 'kms', ...answered(502) })],
    [
      'ResourceNotFoundException (404): a deleted function is the labourer’s, not the task’s',
      new ResourceNotFoundException({ message: 'Function not found', ...answered(404) }),
    ],
    [
      'InvalidParameterValueException (400): the parameters besides the payload are the labourer’s',
      new InvalidParameterValueException({ message: 'bad value', ...answered(400) }),
    ],
    [
      'AccessDeniedException (403): a missing grant is a deployment problem',
      unmodelled('AccessDeniedException', 403, 'not authorized to perform: lambda:InvokeFunction'),
    ],
    [
      'ResourceConflictException (409)',
      new ResourceConflictException({ message: 'updating', ...answered(409) }),
    ],
    [
      'RecursiveInvocationException (400)',
      new RecursiveInvocationException({ message: 'loop', ...answered(400) }),
    ],
    ['an error without an answer (never reached Lambda)', new Error('connect ECONNREFUSED 127.0.0.1:1')],
    [
      'a permanent code without an answer (not from Lambda)',
      Object.assign(new Error('made up'), { name: 'RequestTooLargeException' }),
    ],
    ['a thrown non-error', 'boom'],
  ])('%s is transient', (_, error) => {
    expect(invokeRefusalOf(error).kind).toBe('transient');
  });

  it('gives the reason as the code, the status and the message', () => {
    expect(invokeRefusalOf(new RequestTooLargeException({ message: 'too big', ...answered(413) }))).toEqual({
      kind: 'permanent',
      reason: 'RequestTooLargeException (HTTP 413): too big',
    });
    expect(invokeRefusalOf(new Error('socket hang up')).reason).toBe('Error: socket hang up');
    expect(invokeRefusalOf('boom').reason).toBe('boom');
  });
});

describe('invokeOutputRefusal', () => {
  it('accepts 202 Accepted', () => {
    expect(invokeOutputRefusal({ StatusCode: 202 })).toBeUndefined();
  });

  it.each([
    [{ StatusCode: 200 }, 'status 200, expected 202'],
    [{}, 'status undefined, expected 202'],
    [{ StatusCode: 202, FunctionError: 'Unhandled' }, 'FunctionError: Unhandled'],
  ])('refuses %o for now: %s', (output, reason) => {
    expect(invokeOutputRefusal(output)).toEqual({ kind: 'transient', reason });
  });
});
