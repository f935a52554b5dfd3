import type { Schema } from '@sosw/core';
import type { SNSEvent, SNSEventRecord, SNSMessageAttributes } from 'aws-lambda';
import { z } from 'zod';
import type { BaseContext } from '../../types.js';
import { parseInput } from '../../worker-input.js';
import { runWithFlow } from '../flow.js';
import { claimantOf, refuseAmbiguousName } from './named-resource.js';
import { ObjectDispatch } from './object.js';
import { triggerName } from './trigger-name.js';
import {
  call,
  firstRecordOf,
  type AppSource,
  type DeclareTrigger,
  type PayloadFunction,
  payloadRegistration,
  type PayloadRegistration,
  type Registered,
  type TriggerOptions,
  type WithSchema,
} from './source.js';

/**
 * The topic source: the worker subscribed to an SNS topic (`infra/src/triggers/topic-source.ts`). SNS
 * invokes it asynchronously, so a failure throws and Lambda retries the invocation.
 */

/** Subscribed to an SNS topic, created as `<worker>-<name>` unless `topicArn` names an existing one. */
export const topicTriggerSchema = z.strictObject({
  kind: z.literal('topic'),
  name: triggerName,
  topicArn: z.string().startsWith('arn:').optional(),
  /** An SNS subscription filter policy (on message attributes). */
  filterPolicy: z.record(z.string(), z.unknown()).optional(),
});

export type TopicTrigger = z.output<typeof topicTriggerSchema>;

/** Options of `onTopic`: the trigger's and a `schema` of the message. */
export type TopicOptions<S extends Schema | undefined = undefined> = TriggerOptions<
  typeof topicTriggerSchema
> &
  WithSchema<S>;

/** What a topic handler receives besides the message. */
export interface TopicContext extends BaseContext {
  trigger: TopicTrigger;
  /** The SNS record. */
  record: SNSEventRecord;
  topicArn: string;
  messageId: string;
  subject: string | undefined;
  attributes: SNSMessageAttributes;
}

/** The work for one SNS message. */
export type TopicFunction<S extends Schema | undefined> = PayloadFunction<S, TopicContext>;

export type TopicRegistration = PayloadRegistration<TopicTrigger, Registered<TopicContext>>;

/**
 * Declares the trigger of `onTopic(name, options, fn)`: its options go to the trigger, `schema` stays with
 * the function.
 *
 * @throws {DuplicateTriggerError} when `name` and a topic registered before could claim one topic
 *
 * @example
 * registrations.topic.push(topicRegistration(declare, 'alerts', {}, fn, registrations.topic));
 */
export function topicRegistration<S extends Schema | undefined>(
  declare: DeclareTrigger,
  name: string,
  options: TopicOptions<S>,
  fn: TopicFunction<S>,
  existing: readonly TopicRegistration[],
): TopicRegistration {
  const where = `onTopic("${name}")`;
  refuseAmbiguousName(where, name, existing, 'topic');
  return payloadRegistration(declare, where, 'topic', { ...options, name }, fn);
}

/**
 * SNS records (`Records[].EventSource` is `aws:sns`: SNS spells it with a capital E). Each message goes to
 * the `onTopic` that claims its topic; a message of a topic none claims may be an S3 notification, for the
 * object source.
 */
export const topicSource: AppSource<SNSEvent> = {
  recognise: (event) =>
    firstRecordOf(event)?.EventSource === 'aws:sns' ? (event as unknown as SNSEvent) : undefined,

  dispatcher({ topic: topics, object: objects }, tools) {
    const objectDispatch = new ObjectDispatch(objects, tools);
    return async (event, lambdaContext) => {
      for (const record of event.Records) {
        const { TopicArn: topicArn, Message: text, MessageId: messageId } = record.Sns;
        const topic = claimantOf(topics, topicArn, (trigger) => trigger.topicArn);
        if (topic === undefined) {
          if (await objectDispatch.inTopicMessage(text, lambdaContext)) continue;
          throw tools.unclaimed(`an SNS message from topic "${topicArn}"`);
        }
        const { trigger, fn, schema } = topic;
        await runWithFlow({ kind: 'topic', trigger: trigger.name, event: record }, tools.flow, async () => {
          const value = await tools.reader.deserialize(text);
          const message = parseInput(value, schema, `message ${messageId} of topic "${trigger.name}"`);
          await call(fn)(message, {
            ...tools.base(lambdaContext),
            trigger,
            record,
            topicArn,
            messageId,
            subject: record.Sns.Subject ?? undefined,
            attributes: record.Sns.MessageAttributes,
          });
        });
      }
      return undefined;
    };
  },
};
