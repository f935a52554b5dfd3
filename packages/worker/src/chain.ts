import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isPlainObject } from '@sosw/core';
import {
  defaultCodec,
  PayloadPointer,
  type Codec,
  type JsonValue,
  type PayloadOffloader,
} from '@sosw/serializer';
import { CHAIN_SEPARATOR, DEFAULT_SCHEDULER_NAME, ROUTING_FIELDS } from './constants.js';
import { ChainError } from './errors.js';

/** The next step of a callback chain: the task to send the result to, and the chain after it. */
export interface ChainHop {
  next: string;
  callback: string | undefined;
}

/**
 * The task names of a callback chain, in order.
 *
 * @throws {ChainError} when a name is empty (`'a##b'`, `'#a'`)
 *
 * @example
 * parseChain('a#b#c'); // ['a', 'b', 'c']
 */
export function parseChain(chain: string): string[] {
  const names = chain.split(CHAIN_SEPARATOR).map((name) => name.trim());
  if (names.some((name) => name === '')) {
    throw new ChainError(
      `callback chain "${chain}" has an empty task name; expected names joined by "${CHAIN_SEPARATOR}"`,
    );
  }
  return names;
}

/**
 * Where a result goes after the current task: the head of `callback`, carrying the rest of it.
 * `undefined` when there is no callback (the chain ends here).
 *
 * @throws {ChainError} for a malformed chain
 *
 * @example
 * nextHop('b#c'); // { next: 'b', callback: 'c' }
 * nextHop('c'); // { next: 'c', callback: undefined }
 * nextHop(undefined); // undefined
 */
export function nextHop(callback: string | undefined): ChainHop | undefined {
  if (callback === undefined || callback.trim() === '') return undefined;
  const [next = '', ...rest] = parseChain(callback);
  return { next, callback: rest.length > 0 ? rest.join(CHAIN_SEPARATOR) : undefined };
}

/**
 * The message that carries a result to the next task: the result's fields (an object; anything else as
 * `{ result: value }`), with `task_name` and, while the chain goes on, `callback` over them. The result's
 * own routing fields (`task_name`, `path`, `callback`) are dropped, so a result cannot reroute the chain.
 *
 * @example
 * chainMessage({ next: 'b', callback: 'c' }, { rows: 3 }); // { rows: 3, task_name: 'b', callback: 'c' }
 * chainMessage({ next: 'c', callback: undefined }, 42); // { result: 42, task_name: 'c' }
 */
export function chainMessage(hop: ChainHop, result: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = isPlainObject(result)
    ? { ...result }
    : result === undefined
      ? {}
      : { result };
  for (const field of ROUTING_FIELDS) Reflect.deleteProperty(data, field);
  return { ...data, task_name: hop.next, ...(hop.callback === undefined ? {} : { callback: hop.callback }) };
}

/** Where a chain sends a result on to its next task. */
export interface ChainTarget {
  /** For logs: `sqs https://...`, `labourer stats_store via sosw_scheduler`. */
  readonly description: string;
  send(message: Record<string, unknown>): Promise<void>;
}

/** How a chain message is written: the codec, and an offloader for messages too large for the target. */
export interface ChainEncoding {
  /** The codec (with your registered classes); default the serializer's `defaultCodec`. */
  codec?: Codec;
  /** Offloads a message whose data is over its threshold to S3; without one, messages are always inline. */
  offloader?: PayloadOffloader;
}

/**
 * A chain message as JSON for the wire: encoded by the codec (tagged values for `Date`, `Set`, ...). When
 * its data (everything but the routing fields) is over the offloader's threshold, the data goes to S3 and
 * the message becomes `{ task_name, callback?, payload: <S3 pointer> }`: the routing stays readable
 * without a fetch, and the router restores the data on arrival.
 *
 * @example
 * await encodeChainMessage({ task_name: 'b', rows: 3 }, {}); // { task_name: 'b', rows: 3 }
 */
export async function encodeChainMessage(
  message: Record<string, unknown>,
  encoding: ChainEncoding,
): Promise<JsonValue> {
  const codec = encoding.codec ?? defaultCodec;
  if (encoding.offloader === undefined) return codec.encode(message);
  const routing: Record<string, unknown> = {};
  const data: Record<string, unknown> = { ...message };
  for (const field of ROUTING_FIELDS) {
    if (field in data) routing[field] = data[field];
    Reflect.deleteProperty(data, field);
  }
  const text = await encoding.offloader.offload(data);
  const stored: unknown = codec.deserialize(text);
  if (!(stored instanceof PayloadPointer)) return codec.encode(message);
  return codec.encode({ ...routing, payload: stored });
}

/** Options of {@link sqsChainTarget}. */
export interface SqsChainTargetOptions extends ChainEncoding {
  queueUrl: string;
  /** Default `new SQSClient({})`. */
  sqs?: SQSClient;
}

/**
 * Sends chain messages to an SQS queue (`SendMessage`, the encoded message as the body), for a queue worker
 * that serves the next task.
 *
 * @example
 * const chain = sqsChainTarget({ queueUrl: process.env.NEXT_QUEUE_URL!, offloader });
 */
export function sqsChainTarget(options: SqsChainTargetOptions): ChainTarget {
  let sqs = options.sqs;
  return {
    description: `sqs ${options.queueUrl}`,
    async send(message) {
      sqs ??= new SQSClient({});
      const body = JSON.stringify(await encodeChainMessage(message, options));
      await sqs.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body }));
    },
  };
}

/** Options of {@link labourerChainTarget}. */
export interface LabourerChainTargetOptions extends ChainEncoding {
  /** The labourer that serves the next task (its `lambda_name` in the scheduler's job). */
  labourerId: string;
  /** The scheduler's function name or ARN; default `sosw_scheduler`. */
  schedulerName?: string;
  /** Default `new LambdaClient({})`. */
  lambda?: LambdaClient;
}

/**
 * Sends chain messages to a labourer through the scheduler: an asynchronous invoke of the scheduler with
 * `{ job: { lambda_name: <labourer>, ...message } }`, so the next task is queued, orchestrated and retried
 * like any other sosw task.
 *
 * @example
 * const chain = labourerChainTarget({ labourerId: 'stats_store' });
 */
export function labourerChainTarget(options: LabourerChainTargetOptions): ChainTarget {
  const schedulerName = options.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  let lambda = options.lambda;
  return {
    description: `labourer ${options.labourerId} via ${schedulerName}`,
    async send(message) {
      lambda ??= new LambdaClient({});
      const encoded = await encodeChainMessage(message, options);
      const job = { ...(encoded as Record<string, JsonValue>), lambda_name: options.labourerId };
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: schedulerName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ job })),
        }),
      );
      if (response.StatusCode !== 202) {
        throw new ChainError(
          `the scheduler ${schedulerName} did not accept the job for ${options.labourerId}: status ${response.StatusCode ?? 'none'}`,
        );
      }
    },
  };
}
