import { createLogger, formatZodError, Stats, type Schema } from '@sosw/core';
import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  S3EventRecord,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';
import { WorkerOptionError } from '../errors.js';
import { defineWorker, type DefineWorkerOptions, type WorkerFunction } from '../define-worker.js';
import { PayloadReader } from '../payload-reader.js';
import {
  defineQueueWorker,
  type QueueContext,
  type QueueWorkerFunction,
  type QueueWorkerHandler,
} from '../queue-worker.js';
import { remainingMsOf } from '../timeout-guard.js';
import type { BaseContext, LambdaContextLike, WorkerLogger } from '../types.js';
import { parseInput } from '../worker-input.js';
import { DuplicateTriggerError, UnclaimedEventError } from './errors.js';
import { compileEventPattern, type EventMatcher, type EventPattern } from './event-pattern.js';
import { incomingEvent } from './event-source.js';
import { runWithFlow, type FlowTools } from './flow.js';
import { claimsResource, namesOverlap, resourceNameOfArn, tableNameOfStreamArn } from './resource-names.js';
import { objectNoticeOf, s3NotificationOf, wantsObject } from './s3-notification.js';
import { processStreamBatch } from './stream-batch.js';
import {
  triggerSchema,
  type EventTrigger,
  type ObjectTrigger,
  type QueueTrigger,
  type ScheduleTrigger,
  type StreamTrigger,
  type TopicTrigger,
  type Trigger,
} from './triggers.js';
import type {
  DefineAppOptions,
  EventContext,
  EventFunction,
  EventOptions,
  ObjectContext,
  ObjectDelivery,
  ObjectFunction,
  ObjectOptions,
  QueueOptions,
  ScheduleContext,
  ScheduleFunction,
  ScheduleOptions,
  StreamFunction,
  StreamOptions,
  TopicContext,
  TopicFunction,
  TopicOptions,
} from './types.js';

/** The one Lambda handler of an app: it dispatches each event to the function registered for its source. */
export type AppHandler = (event: unknown, context?: LambdaContextLike) => Promise<unknown>;

/** A registered function, its input type erased: the schema decides the input at run time. */
type Registered<C> = (input: never, context: C) => unknown;

interface TaskRegistration {
  fn: WorkerFunction<Schema | undefined, unknown>;
  options: DefineWorkerOptions<Schema | undefined>;
}
interface QueueRegistration {
  trigger: QueueTrigger;
  fn: QueueWorkerFunction<Schema | undefined>;
  options: Omit<QueueOptions<Schema | undefined>, keyof Omit<QueueTrigger, 'kind' | 'name'>>;
}
interface PayloadRegistration<T extends Trigger, F> {
  trigger: T;
  fn: F;
  schema: Schema | undefined;
}
interface EventRegistration extends PayloadRegistration<EventTrigger, Registered<EventContext>> {
  matches: EventMatcher;
}

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
  #task: TaskRegistration | undefined;
  readonly #schedules = new Map<string, PayloadRegistration<ScheduleTrigger, Registered<ScheduleContext>>>();
  readonly #queues: QueueRegistration[] = [];
  readonly #topics: PayloadRegistration<TopicTrigger, Registered<TopicContext>>[] = [];
  readonly #objects = new Map<string, PayloadRegistration<ObjectTrigger, ObjectFunction>>();
  readonly #streams = new Map<string, PayloadRegistration<StreamTrigger, StreamFunction>>();
  readonly #events: EventRegistration[] = [];

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
    if (this.#task !== undefined) {
      throw new DuplicateTriggerError('onTask', 'a task handler is already registered; one per app');
    }
    const reportBeforeTimeoutMs = options.reportBeforeTimeoutMs;
    if (reportBeforeTimeoutMs !== undefined && !(reportBeforeTimeoutMs >= 0)) {
      throw new WorkerOptionError(
        'onTask.reportBeforeTimeoutMs',
        `expected a number >= 0, got ${reportBeforeTimeoutMs}`,
      );
    }
    this.#task = {
      fn: fn as unknown as TaskRegistration['fn'],
      options: options,
    };
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
    const { schema, ...rest } = options;
    const trigger = this.#add(`onSchedule("${name}")`, 'schedule', { ...rest, name });
    this.#schedules.set(name, { trigger, fn, schema });
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
    const { schema, mediaTypes, concurrency, deadLetter, ...rest } = options;
    const where = `onQueue("${name}")`;
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new WorkerOptionError(
        `${where}.concurrency`,
        `expected a positive whole number, got ${concurrency}`,
      );
    }
    this.#checkOverlap(where, name, this.#queues, 'queue');
    const trigger = this.#add(where, 'queue', { ...rest, name });
    this.#queues.push({ trigger, fn, options: { schema, mediaTypes, concurrency, deadLetter } });
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
    const { schema, ...rest } = options;
    const where = `onTopic("${name}")`;
    this.#checkOverlap(where, name, this.#topics, 'topic');
    const trigger = this.#add(where, 'topic', { ...rest, name });
    this.#topics.push({ trigger, fn, schema });
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
    const trigger = this.#add(`onObject("${bucket}")`, 'object', { ...options, name: bucket, bucket });
    this.#objects.set(bucket, { trigger, fn, schema: undefined });
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
    const trigger = this.#add(`onStream("${table}")`, 'stream', { ...options, name: table, table });
    this.#streams.set(table, { trigger, fn, schema: undefined });
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
    const { schema, ...rest } = options;
    // `name` is required; a plain JavaScript caller may still leave it out, and hear about it below.
    const where = typeof rest.name === 'string' ? `onEvent("${rest.name}")` : 'onEvent';
    const trigger = this.#add(where, 'event', { ...rest, pattern });
    const matches = compileEventPattern(trigger.pattern, `${where}.pattern`);
    this.#events.push({ trigger, fn, schema, matches });
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
    return new AppRuntime(this.#options, {
      task: this.#task,
      schedules: this.#schedules,
      queues: this.#queues,
      topics: this.#topics,
      objects: this.#objects,
      streams: this.#streams,
      events: this.#events,
      registered: this.#registered(),
    }).handle;
  }

  /** What the app handles, for error messages: `task`, `queue "orders"`, ... */
  #registered(): string[] {
    const sources = this.#triggers.map((trigger) => `${trigger.kind} "${trigger.name}"`);
    return this.#task === undefined ? sources : ['task', ...sources];
  }

  /** Validates a trigger with the schemas of triggers.ts and adds it, or throws naming the bad field. */
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

  /** Two queue (or topic) names where one ends with `-<the other>` would both claim one queue. */
  #checkOverlap(where: string, name: string, existing: readonly { trigger: Trigger }[], kind: string): void {
    const other = existing.find(({ trigger }) => trigger.name !== name && namesOverlap(trigger.name, name));
    if (other !== undefined) {
      throw new DuplicateTriggerError(
        where,
        `${kind} names "${other.trigger.name}" and "${name}" are ambiguous: a ${kind} named "x-${longer(other.trigger.name, name)}" would be claimed by both; rename one`,
      );
    }
  }
}

function longer(a: string, b: string): string {
  return a.length >= b.length ? a : b;
}

/** `(options, fn)` or `(fn)`. */
function split<O extends object, F>(optionsOrFn: O | F, maybeFn: F | undefined): [O, F] {
  if (typeof optionsOrFn === 'function') return [{} as O, optionsOrFn];
  if (maybeFn === undefined) throw new WorkerOptionError('handler', 'expected a function after the options');
  return [optionsOrFn as O, maybeFn];
}

interface Registrations {
  task: TaskRegistration | undefined;
  schedules: ReadonlyMap<string, PayloadRegistration<ScheduleTrigger, Registered<ScheduleContext>>>;
  queues: readonly QueueRegistration[];
  topics: readonly PayloadRegistration<TopicTrigger, Registered<TopicContext>>[];
  objects: ReadonlyMap<string, PayloadRegistration<ObjectTrigger, ObjectFunction>>;
  streams: ReadonlyMap<string, PayloadRegistration<StreamTrigger, StreamFunction>>;
  events: readonly EventRegistration[];
  registered: readonly string[];
}

/** A registered function, called with its parsed input: the schema given with it typed that input. */
type Call<C> = (input: unknown, context: C) => unknown;
const call = <C>(fn: Registered<C>) => fn as unknown as Call<C>;

/**
 * The built app: the per-source handlers (made here, at `handler()`, not at import) and the dispatch.
 */
class AppRuntime {
  readonly #logger: WorkerLogger;
  readonly #reader: PayloadReader;
  readonly #flow: FlowTools;
  readonly #app: Registrations;
  readonly #task: ((event: unknown, context?: LambdaContextLike) => Promise<unknown>) | undefined;
  readonly #queueHandlers: Map<QueueRegistration, QueueWorkerHandler>;
  /** An SQS batch from a queue no `onQueue` claims: S3 notifications (maybe in SNS envelopes) for `onObject`. */
  readonly #objectQueue: QueueWorkerHandler | undefined;

  constructor(options: DefineAppOptions, app: Registrations) {
    this.#app = app;
    this.#logger =
      options.logger ?? createLogger(options.name ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'sosw_app');
    this.#reader = new PayloadReader(options.payloads);
    this.#flow = { logger: this.#logger, rejected: options.rejected };
    const shared = {
      logger: this.#logger,
      ...(options.sqs === undefined ? {} : { sqs: options.sqs }),
      ...(options.payloads === undefined ? {} : { payloads: options.payloads }),
    };
    if (app.task !== undefined) {
      const taskOptions = app.task.options;
      const ownLogger = taskOptions.logger !== undefined || taskOptions.name !== undefined;
      this.#task = defineWorker(app.task.fn, {
        ...(ownLogger ? {} : { logger: this.#logger }),
        ...(options.payloads === undefined ? {} : { payloads: options.payloads }),
        ...taskOptions,
      });
    }
    this.#queueHandlers = new Map(
      app.queues.map((queue) => [
        queue,
        defineQueueWorker(queue.fn, { ...shared, ...withoutUndefined(queue.options) }),
      ]),
    );
    if (app.objects.size > 0) {
      this.#objectQueue = defineQueueWorker(
        (message, context) => this.#objectsInQueue(message, context),
        shared,
      );
    }
  }

  readonly handle: AppHandler = async (event, lambdaContext) => {
    const incoming = incomingEvent(event);
    switch (incoming.source) {
      case 'task':
        if (this.#task === undefined) {
          throw this.#unclaimed(`a sosw task invocation (task_id ${JSON.stringify(incoming.event.task_id)})`);
        }
        return this.#task(incoming.event, lambdaContext);
      case 'schedule':
        return this.#schedule(incoming.name, incoming.event, lambdaContext);
      case 'sqs':
        return this.#sqs(incoming.event, lambdaContext);
      case 'sns':
        return this.#sns(incoming.event, lambdaContext);
      case 's3':
        return this.#objects(incoming.event.Records, 's3', lambdaContext);
      case 's3-test':
        this.#logger.info('s3:TestEvent ignored');
        return undefined;
      case 'stream':
        return this.#stream(incoming.event, lambdaContext);
      case 'eventbridge':
        return this.#eventBridge(incoming.event, lambdaContext);
      case 'unknown':
        throw this.#unclaimed(incoming.description);
    }
  };

  #unclaimed(description: string): UnclaimedEventError {
    return new UnclaimedEventError(description, this.#app.registered);
  }

  #base(lambdaContext: LambdaContextLike | undefined): BaseContext {
    return {
      remainingMs: remainingMsOf(lambdaContext),
      logger: this.#logger,
      stats: new Stats(),
      signal: new AbortController().signal,
      lambdaContext,
    };
  }

  async #schedule(name: string, event: Record<string, unknown>, lambdaContext?: LambdaContextLike) {
    const registration = this.#app.schedules.get(name);
    if (registration === undefined) throw this.#unclaimed(`a schedule event for "${name}"`);
    const { trigger, fn, schema } = registration;
    await runWithFlow({ kind: 'schedule', trigger: name, event }, this.#flow, async () => {
      const raw = event.payload ?? trigger.payload ?? {};
      const payload = parseInput(await this.#reader.decode(raw), schema, `payload of schedule "${name}"`);
      await call(fn)(payload, { ...this.#base(lambdaContext), trigger, event });
    });
    return undefined;
  }

  async #sqs(event: SQSEvent, lambdaContext?: LambdaContextLike) {
    const arns = [...new Set(event.Records.map((record) => record.eventSourceARN))];
    if (arns.length !== 1) {
      throw this.#unclaimed(`an SQS batch with records from ${arns.length} queues (${arns.join(', ')})`);
    }
    const arn = arns[0] as string;
    const queue =
      this.#app.queues.find(({ trigger }) => trigger.queueArn === arn) ??
      this.#app.queues.find(({ trigger }) => claimsResource(trigger.name, resourceNameOfArn(arn)));
    const handler = queue === undefined ? this.#objectQueue : this.#queueHandlers.get(queue);
    if (handler === undefined) throw this.#unclaimed(`an SQS message from queue "${arn}"`);
    return handler(event, (lambdaContext ?? {}) as Context);
  }

  /** One message of a queue no `onQueue` claims: it must be an S3 notification for an `onObject` bucket. */
  async #objectsInQueue(message: Record<string, unknown>, context: QueueContext) {
    const notification = s3NotificationOf(message);
    if (notification?.kind === 'test') return;
    if (notification === undefined) {
      throw this.#unclaimed(
        `an SQS message from queue "${context.record.eventSourceARN}" that is not an S3 notification`,
      );
    }
    const delivery = context.source === 'sns' ? 'sns-in-sqs' : 'sqs';
    await this.#objects(notification.records, delivery, context.lambdaContext);
  }

  async #sns(event: SNSEvent, lambdaContext?: LambdaContextLike) {
    for (const record of event.Records) {
      const { TopicArn: topicArn, Message: text, MessageId: messageId } = record.Sns;
      const topic =
        this.#app.topics.find(({ trigger }) => trigger.topicArn === topicArn) ??
        this.#app.topics.find(({ trigger }) => claimsResource(trigger.name, resourceNameOfArn(topicArn)));
      if (topic !== undefined) {
        const { trigger, fn, schema } = topic;
        await runWithFlow({ kind: 'topic', trigger: trigger.name, event: record }, this.#flow, async () => {
          const value = await this.#reader.deserialize(text);
          const message = parseInput(value, schema, `message ${messageId} of topic "${trigger.name}"`);
          await call(fn)(message, {
            ...this.#base(lambdaContext),
            trigger,
            record,
            topicArn,
            messageId,
            subject: record.Sns.Subject ?? undefined,
            attributes: record.Sns.MessageAttributes,
          });
        });
        continue;
      }
      const notification = this.#app.objects.size > 0 ? s3NotificationOf(text) : undefined;
      if (notification?.kind === 'test') continue;
      if (notification === undefined) throw this.#unclaimed(`an SNS message from topic "${topicArn}"`);
      await this.#objects(notification.records, 'sns', lambdaContext);
    }
    return undefined;
  }

  /** S3 event records, one at a time; the first that must be retried throws. */
  async #objects(
    records: readonly S3EventRecord[],
    delivery: ObjectDelivery,
    lambdaContext?: LambdaContextLike,
  ) {
    for (const record of records) {
      const notice = objectNoticeOf(record);
      const registration = this.#app.objects.get(notice.bucket);
      if (registration === undefined) {
        throw this.#unclaimed(`an S3 notification (${notice.eventName}) from bucket "${notice.bucket}"`);
      }
      const { trigger, fn } = registration;
      if (!wantsObject(trigger, notice)) {
        this.#logger.debug('S3 notification outside the trigger’s events or key filter: ignored', {
          bucket: notice.bucket,
          key: notice.key,
          event: notice.eventName,
        });
        continue;
      }
      const context: ObjectContext = { ...this.#base(lambdaContext), trigger, record, delivery };
      await runWithFlow({ kind: 'object', trigger: trigger.name, event: record }, this.#flow, () =>
        fn(notice, context),
      );
    }
    return undefined;
  }

  async #stream(event: DynamoDBStreamEvent, lambdaContext?: LambdaContextLike) {
    const arns = [...new Set(event.Records.map((record) => record.eventSourceARN ?? ''))];
    const tables = arns.map(tableNameOfStreamArn);
    const table = tables[0];
    if (arns.length !== 1 || table === undefined) {
      throw this.#unclaimed(`a DynamoDB stream batch from ${arns.map((arn) => `"${arn}"`).join(', ')}`);
    }
    const registration = this.#app.streams.get(table);
    if (registration === undefined) throw this.#unclaimed(`a DynamoDB stream batch of table "${table}"`);
    const { trigger, fn } = registration;
    return processStreamBatch(event.Records, (record: DynamoDBRecord, sequenceNumber) =>
      runWithFlow({ kind: 'stream', trigger: table, event: record }, this.#flow, () =>
        fn(record, { ...this.#base(lambdaContext), trigger, eventName: record.eventName, sequenceNumber }),
      ),
    );
  }

  async #eventBridge(event: EventBridgeEvent<string, unknown>, lambdaContext?: LambdaContextLike) {
    const registration = this.#app.events.find(({ matches }) => matches(event));
    if (registration === undefined) {
      throw this.#unclaimed(
        `an EventBridge event from source "${event.source}" with detail-type "${event['detail-type']}"`,
      );
    }
    const { trigger, fn, schema } = registration;
    await runWithFlow({ kind: 'event', trigger: trigger.name, event }, this.#flow, async () => {
      const detail = parseInput(
        await this.#reader.decode(event.detail),
        schema,
        `detail of event ${event.id}`,
      );
      await call(fn)({ ...event, detail }, { ...this.#base(lambdaContext), trigger, raw: event });
    });
    return undefined;
  }
}

/** Drops the keys whose value is `undefined`, for `exactOptionalPropertyTypes`-style option objects. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
