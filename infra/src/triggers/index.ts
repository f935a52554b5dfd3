import type { Trigger, TriggerKind } from '@sosw/worker';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { SoswSettings } from '../context.js';
import { InfraPropsError } from '../errors.js';
import { EventRuleSource } from './event-source.js';
import { ObjectSource } from './object-source.js';
import { parseTriggers, triggerLabel } from './parse.js';
import { QueueSource } from './queue-source.js';
import { ScheduleSource } from './schedule-source.js';
import { StreamSource } from './stream-source.js';
import { TopicSource } from './topic-source.js';

export { eventPatternOf, EventRuleSource } from './event-source.js';
export { ObjectSource } from './object-source.js';
export { parseTriggers, triggerLabel } from './parse.js';
export { QueueSource, queueVisibilityTimeout } from './queue-source.js';
export { scheduleInput, ScheduleSource, type ScheduleInput } from './schedule-source.js';
export { StreamSource } from './stream-source.js';
export { TopicSource } from './topic-source.js';
export { QUEUE_NAME_LIMIT, sourceResourceName, TOPIC_NAME_LIMIT } from './names.js';
export type { TriggerSourceProps } from './source-props.js';

/** The construct id of a trigger starts with its kind: `Queue-orders`. */
const KIND_IDS: Readonly<Record<TriggerKind, string>> = {
  schedule: 'Schedule',
  queue: 'Queue',
  topic: 'Topic',
  object: 'Object',
  stream: 'Stream',
  event: 'Event',
};

/** Options of `wireTriggers`. */
export interface WireTriggersOptions {
  readonly settings: SoswSettings;
  /** The worker's name: queues and topics made for it are `<stage>-<worker name>-<trigger name>`. */
  readonly workerName: string;
}

/** Props of `TriggerSources`. */
export interface TriggerSourcesProps extends WireTriggersOptions {
  /** The worker's one Lambda. */
  readonly function: LambdaFn;
  /** What the worker's `app.triggers` declares (validated again here, defaults filled). */
  readonly triggers: readonly Trigger[];
}

/**
 * Every trigger of a worker, wired to its function: one construct per trigger, by kind, with the id
 * `<Kind>-<name>` (`Queue-orders`). See each construct for what it makes and which permissions it grants.
 * Each `<kind>-source.ts` here has its twin in the SDK, `packages/worker/src/app/sources/<kind>.ts`, which
 * declares the trigger and dispatches its events; the trigger's `kind` is the one name of both.
 *
 * @throws InfraPropsError naming the trigger (`triggers[1] (orders).batchSize: ...`) for a trigger the
 * schema refuses, a second trigger of one kind and name, two object triggers on one bucket, or what one
 * kind's construct refuses (a stream trigger without `streamArn`, ...)
 *
 * @example
 * const sources = new TriggerSources(this, 'Triggers', { settings, workerName: 'order-indexer', function: fn, triggers });
 * sources.queues[0]?.queue.grantSendMessages(producer);
 */
export class TriggerSources extends Construct {
  readonly schedules: readonly ScheduleSource[];
  readonly queues: readonly QueueSource[];
  readonly topics: readonly TopicSource[];
  readonly objects: readonly ObjectSource[];
  readonly streams: readonly StreamSource[];
  readonly events: readonly EventRuleSource[];

  constructor(scope: Construct, id: string, props: TriggerSourcesProps) {
    super(scope, id);
    const triggers = parseTriggers(props.triggers);
    refuseSharedBuckets(triggers);
    const namePrefix = `${props.settings.stage}-${props.workerName}`;
    const schedules: ScheduleSource[] = [];
    const queues: QueueSource[] = [];
    const topics: TopicSource[] = [];
    const objects: ObjectSource[] = [];
    const streams: StreamSource[] = [];
    const events: EventRuleSource[] = [];
    triggers.forEach((trigger, index) => {
      const common = {
        settings: props.settings,
        function: props.function,
        namePrefix,
        where: triggerLabel(triggers, index),
      };
      const id = `${KIND_IDS[trigger.kind]}-${trigger.name}`;
      switch (trigger.kind) {
        case 'schedule':
          schedules.push(new ScheduleSource(this, id, { ...common, trigger }));
          break;
        case 'queue':
          queues.push(new QueueSource(this, id, { ...common, trigger }));
          break;
        case 'topic':
          topics.push(new TopicSource(this, id, { ...common, trigger }));
          break;
        case 'object':
          objects.push(new ObjectSource(this, id, { ...common, trigger }));
          break;
        case 'stream':
          streams.push(new StreamSource(this, id, { ...common, trigger }));
          break;
        case 'event':
          events.push(new EventRuleSource(this, id, { ...common, trigger }));
          break;
      }
    });
    this.schedules = schedules;
    this.queues = queues;
    this.topics = topics;
    this.objects = objects;
    this.streams = streams;
    this.events = events;
  }
}

/**
 * Wires a worker's triggers to its function (a `TriggerSources` with the id `Triggers`): what `WorkerStack`
 * does with its `triggers`, for a stack of your own.
 *
 * @example
 * import { app } from '@sosw/order-indexer/app';
 * const worker = new WorkerFunction(this, 'Worker', { settings, workerName: 'order-indexer', code });
 * wireTriggers(this, worker.function, app.triggers, { settings, workerName: 'order-indexer' });
 */
export function wireTriggers(
  scope: Construct,
  fn: LambdaFn,
  triggers: readonly Trigger[],
  options: WireTriggersOptions,
): TriggerSources {
  return new TriggerSources(scope, 'Triggers', { ...options, function: fn, triggers });
}

/**
 * One bucket, one object trigger per worker: two would be two notification resources racing to write the
 * one configuration of that bucket. Put every event of the bucket in one trigger.
 */
function refuseSharedBuckets(triggers: readonly Trigger[]): void {
  const buckets = new Map<string, number>();
  triggers.forEach((trigger, index) => {
    if (trigger.kind !== 'object') return;
    const first = buckets.get(trigger.bucket);
    if (first !== undefined) {
      throw new InfraPropsError(
        `${triggerLabel(triggers, index)}.bucket: "${trigger.bucket}" already has a trigger, ` +
          `${triggerLabel(triggers, first)}; one object trigger per bucket (put all its events in that one)`,
      );
    }
    buckets.set(trigger.bucket, index);
  });
}
