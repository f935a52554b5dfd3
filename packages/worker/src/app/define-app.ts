import { formatZodError, type Schema } from '@sosw/core';
import type { DefineWorkerOptions, WorkerFunction } from '../define-worker.js';
import { WorkerOptionError } from '../errors.js';
import type { QueueWorkerFunction } from '../queue-worker.js';
import { appHandler, type AppHandler } from './app-runtime.js';
import { DuplicateTriggerError } from './errors.js';
import type { EventPattern } from './event-pattern.js';
import { eventRegistration, type EventFunction, type EventOptions } from './sources/event.js';
import { noRegistrations, triggerSchema, type Trigger } from './sources/index.js';
import { objectRegistration, type ObjectFunction, type ObjectOptions } from './sources/object.js';
import { queueRegistration, type QueueOptions } from './sources/queue.js';
import { scheduleRegistration, type ScheduleFunction, type ScheduleOptions } from './sources/schedule.js';
import type { DeclareTrigger } from './sources/source.js';
import { streamRegistration, type StreamFunction, type StreamOptions } from './sources/stream.js';
import { taskRegistration } from './sources/task.js';
import { topicRegistration, type TopicFunction, type TopicOptions } from './sources/topic.js';
import type { DefineAppOptions } from './types.js';

export type { AppHandler } from './app-runtime.js';

/**
 * Builds a worker app: one Lambda, many event sources. Register a function per source with the `on*`
 * methods (each returns the app, so they chain); `app.triggers` lists the sources as plain data for the
 * infra to wire; `app.handler()` is the Lambda handler, which sends every event to its function:
 *
 * | method                               | the event                                        | the function gets                           |
 * | ------------------------------------ | ------------------------------------------------ | ------------------------------------------- |
 * | `onTask(fn, options?)`               | a sosw task (`task_id`), as `defineWorker`       | the task's payload                          |
 * | `onSchedule(name, options, fn)`      | `{ sosw_schedule: name, payload }`               | the payload (`schema`-parsed)               |
 * | `onQueue(name, options?, fn)`        | an SQS batch from the queue, as `defineQueueWorker` | each message (`schema`-parsed)           |
 * | `onTopic(name, options?, fn)`        | an SNS message from the topic                    | the message (`schema`-parsed)               |
 * | `onObject(bucket, options, fn)`      | an S3 notification, direct or in SNS and/or SQS  | each object notice, its key decoded         |
 * | `onStream(table, options?, fn)`      | a DynamoDB stream batch of the table             | each record, in order                       |
 * | `onEvent(pattern, options, fn)`      | an EventBridge event the pattern matches         | the event, `detail` `schema`-parsed         |
 *
 * Options are checked when a function is registered: a bad one throws `WorkerOptionError` naming it
 * (`onQueue("orders").batchSize`), and a second function for one source throws `DuplicateTriggerError`.
 * Building the app makes no AWS client and reads no required setting, so the infra can import it;
 * `handler()` builds the handlers, whose clients are made on first use.
 *
 * @example
 * import { defineApp } from '@sosw/worker';
 * import * as z from 'zod';
 *
 * export const app = defineApp({ name: 'orders_worker' })
 *   .onQueue('orders', { schema: z.object({ orderId: z.string() }), batchSize: 10 }, async ({ orderId }) => {
 *     await indexOrder(orderId);
 *   })
 *   .onSchedule('nightly', { expression: 'cron(0 3 * * ? *)' }, async (_payload, { logger }) => {
 *     logger.info('nightly run');
 *   });
 * // src/handler.ts
 * export const handler = app.handler();
 */
export function defineApp(options: DefineAppOptions = {}): SoswApp {
  return new SoswApp(options);
}

/** A worker app; build it with {@link defineApp}. */
export class SoswApp {
  readonly #options: DefineAppOptions;
  readonly #triggers: Trigger[] = [];
  /** The functions registered so far, by source; what each source's dispatch reads (`app/sources/`). */
  readonly #registrations = noRegistrations();
  /** `#add`, bound: how a source's registration declares its trigger. */
  readonly #declare: DeclareTrigger = (where, kind, input) => this.#add(where, kind, input);

  constructor(options: DefineAppOptions = {}) {
    this.#options = options;
  }

  /** The app's triggers: validated, defaults filled, in registration order. `onTask` adds none. */
  get triggers(): readonly Trigger[] {
    return Object.freeze([...this.#triggers]);
  }

  /**
   * The orchestrated task handler, exactly as `defineWorker(fn, options)`: an event with `task_id` runs
   * `fn` and is reported to the worker-assistant. At most one per app.
   *
   * @example
   * defineApp().onTask(async ({ account }, { stats }) => pull(account, stats), { schema });
   */
  onTask<R, S extends Schema | undefined = undefined>(
    fn: WorkerFunction<S, R>,
    options: DefineWorkerOptions<S> = {},
  ): this {
    const { task } = this.#registrations;
    task.push(taskRegistration(fn, options, task));
    return this;
  }

  /**
   * Runs `fn` on a schedule. The infra's schedule sends `{ "sosw_schedule": name, "payload": ... }`
   * (`options.payload`, default `{}`); `fn` gets the payload, parsed by `schema` when given.
   *
   * @example
   * app.onSchedule('nightly', { expression: 'cron(0 3 * * ? *)', payload: { days: 1 } }, async ({ days }) => {});
   */
  onSchedule<S extends Schema | undefined = undefined>(
    name: string,
    options: ScheduleOptions<S>,
    fn: ScheduleFunction<S>,
  ): this {
    this.#registrations.schedule.push(scheduleRegistration(this.#declare, name, options, fn));
    return this;
  }

  /**
   * Handles the messages of an SQS queue with `defineQueueWorker`'s machinery: each message on its own,
   * failures reported as `batchItemFailures`. A batch belongs to this trigger when its queue's ARN is
   * `queueArn`, or its queue's name is `name` or ends with `-<name>` (the infra creates `<worker>-<name>`).
   *
   * @example
   * app.onQueue('orders', { schema: orderSchema, maxReceiveCount: 3 }, async (order, { logger }) => {});
   */
  onQueue(name: string, fn: QueueWorkerFunction<undefined>): this;
  onQueue<S extends Schema | undefined = undefined>(
    name: string,
    options: QueueOptions<S>,
    fn: QueueWorkerFunction<S>,
  ): this;
  onQueue(
    name: string,
    optionsOrFn: QueueOptions<Schema | undefined> | QueueWorkerFunction<undefined>,
    maybeFn?: QueueWorkerFunction<Schema | undefined>,
  ): this {
    const [options, fn] = split<QueueOptions<Schema | undefined>, QueueWorkerFunction<Schema | undefined>>(
      optionsOrFn,
      maybeFn,
    );
    const { queue } = this.#registrations;
    queue.push(queueRegistration(this.#declare, name, options, fn, queue));
    return this;
  }

  /**
   * Handles the messages of an SNS topic: `fn` gets the `Message`, read as JSON and parsed by `schema`
   * when given. A message belongs to this trigger when its `TopicArn` is `topicArn`, or the topic's name
   * is `name` or ends with `-<name>`. A failure throws, so Lambda retries the invocation.
   *
   * @example
   * app.onTopic('alerts', { schema: alertSchema }, async (alert, { subject }) => {});
   */
  onTopic(name: string, fn: TopicFunction<undefined>): this;
  onTopic<S extends Schema | undefined = undefined>(
    name: string,
    options: TopicOptions<S>,
    fn: TopicFunction<S>,
  ): this;
  onTopic(
    name: string,
    optionsOrFn: TopicOptions<Schema | undefined> | TopicFunction<undefined>,
    maybeFn?: TopicFunction<Schema | undefined>,
  ): this {
    const [options, fn] = split<TopicOptions<Schema | undefined>, TopicFunction<Schema | undefined>>(
      optionsOrFn,
      maybeFn,
    );
    const { topic } = this.#registrations;
    topic.push(topicRegistration(this.#declare, name, options, fn, topic));
    return this;
  }

  /**
   * Handles the S3 notifications of a bucket, whether S3 invokes the worker directly or the notification
   * comes in an SNS message, an SQS message, or an SNS envelope in an SQS message. `fn` runs once per
   * object notice whose event type and key fit `events`, `prefix` and `suffix`; `s3:TestEvent` is ignored.
   *
   * @example
   * app.onObject('uploads-bucket', { events: ['s3:ObjectCreated:*'], suffix: '.csv' }, async ({ key, size }) => {});
   */
  onObject(bucket: string, options: ObjectOptions, fn: ObjectFunction): this {
    this.#registrations.object.push(objectRegistration(this.#declare, bucket, options, fn));
    return this;
  }

  /**
   * Handles the DynamoDB stream of a table, one record at a time, in order. A record that fails is
   * reported as the batch's failure (its `SequenceNumber`) and the records after it are left for Lambda's
   * retry, which starts from that record.
   *
   * @example
   * app.onStream('orders-table', { startingPosition: 'TRIM_HORIZON' }, async (record, { eventName }) => {});
   */
  onStream(table: string, fn: StreamFunction): this;
  onStream(table: string, options: StreamOptions, fn: StreamFunction): this;
  onStream(table: string, optionsOrFn: StreamOptions | StreamFunction, maybeFn?: StreamFunction): this {
    const [options, fn] = split<StreamOptions, StreamFunction>(optionsOrFn, maybeFn);
    this.#registrations.stream.push(streamRegistration(this.#declare, table, options, fn));
    return this;
  }

  /**
   * Handles the EventBridge events that match an event pattern (EventBridge's grammar: exact values,
   * prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, cidr, `$or`, nested
   * fields). `options.name` names the rule. When several patterns match an event, the first registered wins.
   *
   * @example
   * app.onEvent({ source: ['my.app'], 'detail-type': ['OrderPlaced'] }, { name: 'order-placed', schema }, async (event) => {
   *   await ship(event.detail.orderId);
   * });
   */
  onEvent<S extends Schema | undefined = undefined>(
    pattern: EventPattern,
    options: EventOptions<S>,
    fn: EventFunction<S>,
  ): this {
    this.#registrations.event.push(eventRegistration(this.#declare, pattern, options, fn));
    return this;
  }

  /**
   * The Lambda handler: sends each event to the function registered for its source, and throws
   * `UnclaimedEventError` (naming the event's source and the app's sources) for an event none claims.
   * Call it once, in `src/handler.ts`: `export const handler = app.handler();`.
   *
   * @example
   * export const handler = app.handler();
   * await handler({ sosw_schedule: 'nightly', payload: {} }); // runs the 'nightly' schedule's function
   */
  handler(): AppHandler {
    return appHandler(this.#options, this.#registrations, this.#registered());
  }

  /** What the app handles, for error messages: `task`, `queue "orders"`, ... */
  #registered(): string[] {
    const sources = this.#triggers.map((trigger) => `${trigger.kind} "${trigger.name}"`);
    return this.#registrations.task.length === 0 ? sources : ['task', ...sources];
  }

  /** Validates a trigger with its source's schema (`triggerSchema`) and adds it, or throws naming the bad field. */
  #add<K extends Trigger['kind']>(
    where: string,
    kind: K,
    input: Record<string, unknown>,
  ): Extract<Trigger, { kind: K }> {
    const result = triggerSchema.safeParse({ ...input, kind });
    if (!result.success) {
      const [first, ...others] = formatZodError(result.error, where).issues;
      const more = others.length > 0 ? ` (and ${others.map((issue) => issue.path).join(', ')})` : '';
      throw new WorkerOptionError(
        `${where}.${first?.path ?? '(root)'}`,
        `${first?.message ?? 'invalid'}${more}`,
      );
    }
    const trigger = result.data;
    const taken = this.#triggers.find((existing) => existing.name === trigger.name);
    if (taken !== undefined) {
      const problem =
        taken.kind === trigger.kind
          ? `a ${trigger.kind} handler for "${trigger.name}" is already registered; one handler per source`
          : `the name "${trigger.name}" is already used by the ${taken.kind} trigger; trigger names are unique within a worker`;
      throw new DuplicateTriggerError(where, problem);
    }
    this.#triggers.push(trigger);
    return trigger as Extract<Trigger, { kind: K }>;
  }
}

/** `(options, fn)` or `(fn)`. */
function split<O extends object, F>(optionsOrFn: O | F, maybeFn: F | undefined): [O, F] {
  if (typeof optionsOrFn === 'function') return [{} as O, optionsOrFn];
  if (maybeFn === undefined) throw new WorkerOptionError('handler', 'expected a function after the options');
  return [optionsOrFn as O, maybeFn];
}
