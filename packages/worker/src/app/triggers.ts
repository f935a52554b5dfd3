import { z } from 'zod';

/**
 * What starts a worker besides the orchestrator: the single declaration that both the SDK
 * (`defineApp().onQueue(...)`, which dispatches events) and the infra (which creates the wiring) read.
 * A worker's `src/app.ts` builds a `SoswApp`; `app.triggers` is this list, plain data, so `infra/` can
 * synthesise an event source mapping, a subscription or a rule from it without running any handler.
 *
 * Names are the logical names a handler is registered under; `name` is unique within a worker.
 */

const name = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'letters, digits, ".", "_" and "-", at most 128, starting with a letter or digit',
  );

/** `rate(5 minutes)` or `cron(0 3 * * ? *)`: EventBridge Scheduler's expressions. */
const scheduleExpression = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
    'rate(<n> <unit>) or cron(<6 fields>)',
  );

/** Runs on a schedule (EventBridge Scheduler). The handler receives `payload` (default `{}`). */
export const scheduleTriggerSchema = z.strictObject({
  kind: z.literal('schedule'),
  name,
  expression: scheduleExpression,
  /** IANA time zone of a cron expression; UTC when absent. */
  timezone: z.string().min(1).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().default(true),
});

/**
 * Fed by an SQS queue. The infra creates the queue (`<worker>-<name>`) and its dead-letter queue unless
 * `queueArn` names an existing one; the mapping reports batch item failures.
 */
export const queueTriggerSchema = z.strictObject({
  kind: z.literal('queue'),
  name,
  queueArn: z.string().startsWith('arn:').optional(),
  /** Records per invocation (SQS event source mapping: 1–10,000; above 10 needs a batching window). */
  batchSize: z.number().int().min(1).max(10_000).default(10),
  maxBatchingWindowSeconds: z.number().int().min(0).max(300).optional(),
  /** Most concurrent invocations the mapping starts (Lambda: 2–1,000). */
  maxConcurrency: z.number().int().min(2).max(1_000).optional(),
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: z.number().int().min(1).max(1_000).default(5),
});

/** Subscribed to an SNS topic, created as `<worker>-<name>` unless `topicArn` names an existing one. */
export const topicTriggerSchema = z.strictObject({
  kind: z.literal('topic'),
  name,
  topicArn: z.string().startsWith('arn:').optional(),
  /** An SNS subscription filter policy (on message attributes). */
  filterPolicy: z.record(z.string(), z.unknown()).optional(),
});

/** S3 event types, as S3 notification configurations spell them. */
export const objectEventSchema = z.enum([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Completed',
]);

/** Notified by an existing S3 bucket (its other notifications are kept). */
export const objectTriggerSchema = z.strictObject({
  kind: z.literal('object'),
  name,
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  events: z.array(objectEventSchema).min(1),
  prefix: z.string().min(1).optional(),
  suffix: z.string().min(1).optional(),
});

/** Reads an existing DynamoDB table's stream; partial batch response, bisect on error. */
export const streamTriggerSchema = z.strictObject({
  kind: z.literal('stream'),
  name,
  table: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name'),
  /** The table's stream ARN. The SDK dispatches by table name and does not need it; the infra does. */
  streamArn: z.string().startsWith('arn:').optional(),
  startingPosition: z.enum(['LATEST', 'TRIM_HORIZON']).default('LATEST'),
  batchSize: z.number().int().min(1).max(10_000).default(100),
  /** Retries of a failing batch before its records are skipped (Lambda: 0–10,000). */
  maxRetries: z.number().int().min(0).max(10_000).default(3),
});

/** Matched by an EventBridge rule on `eventBus` (default bus when absent). */
export const eventTriggerSchema = z.strictObject({
  kind: z.literal('event'),
  name,
  /** An EventBridge event pattern, e.g. `{ source: ['my.app'], 'detail-type': ['OrderPlaced'] }`. */
  pattern: z
    .record(z.string(), z.unknown())
    .refine((pattern) => Object.keys(pattern).length > 0, 'an event pattern needs at least one field'),
  eventBus: z.string().min(1).optional(),
});

/** One trigger of a worker. */
export const triggerSchema = z.discriminatedUnion('kind', [
  scheduleTriggerSchema,
  queueTriggerSchema,
  topicTriggerSchema,
  objectTriggerSchema,
  streamTriggerSchema,
  eventTriggerSchema,
]);

export type ScheduleTrigger = z.output<typeof scheduleTriggerSchema>;
export type QueueTrigger = z.output<typeof queueTriggerSchema>;
export type TopicTrigger = z.output<typeof topicTriggerSchema>;
export type ObjectTrigger = z.output<typeof objectTriggerSchema>;
export type StreamTrigger = z.output<typeof streamTriggerSchema>;
export type EventTrigger = z.output<typeof eventTriggerSchema>;
/** A validated trigger, defaults filled in. */
export type Trigger = z.output<typeof triggerSchema>;
/** A trigger as a user writes it (defaults optional). */
export type TriggerInput = z.input<typeof triggerSchema>;
export type TriggerKind = Trigger['kind'];
