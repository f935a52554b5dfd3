import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import type { BaseContext } from '../../types.js';
import { runWithFlow } from '../flow.js';
import { tableNameOfStreamArn } from '../resource-names.js';
import { processStreamBatch } from '../stream-batch.js';
import { triggerName } from './trigger-name.js';
import { firstRecordOf, type AppSource, type DeclareTrigger, type TriggerOptions } from './source.js';

/**
 * The stream source: a DynamoDB table's stream, read by an event source mapping
 * (`infra/src/triggers/stream-source.ts`). A batch is handled one record at a time, in order, with a
 * partial batch response (`stream-batch.ts`).
 */

/** Reads an existing DynamoDB table's stream; partial batch response, bisect on error. */
export const streamTriggerSchema = z.strictObject({
  kind: z.literal('stream'),
  name: triggerName,
  table: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name'),
  /** The table's stream ARN. The SDK dispatches by table name and does not need it; the infra does. */
  streamArn: z.string().startsWith('arn:').optional(),
  startingPosition: z.enum(['LATEST', 'TRIM_HORIZON']).default('LATEST'),
  batchSize: z.number().int().min(1).max(10_000).default(100),
  /** Retries of a failing batch before its records are skipped (Lambda: 0–10,000). */
  maxRetries: z.number().int().min(0).max(10_000).default(3),
});

export type StreamTrigger = z.output<typeof streamTriggerSchema>;

/** Options of `onStream`: the trigger's. The table is the first argument. */
export type StreamOptions = TriggerOptions<typeof streamTriggerSchema, 'table'>;

/** What a stream handler receives besides the record. */
export interface StreamContext extends BaseContext {
  trigger: StreamTrigger;
  /** `INSERT`, `MODIFY` or `REMOVE`. */
  eventName: DynamoDBRecord['eventName'];
  /** The record's `dynamodb.SequenceNumber`: what a failure reports. */
  sequenceNumber: string;
}

/** The work for one DynamoDB stream record. */
export type StreamFunction = (record: DynamoDBRecord, context: StreamContext) => unknown;

export interface StreamRegistration {
  trigger: StreamTrigger;
  fn: StreamFunction;
}

/**
 * Declares the trigger of `onStream(table, options, fn)`: named after its table.
 *
 * @example
 * registrations.stream.push(streamRegistration(declare, 'orders-table', { startingPosition: 'TRIM_HORIZON' }, fn));
 */
export function streamRegistration(
  declare: DeclareTrigger,
  table: string,
  options: StreamOptions,
  fn: StreamFunction,
): StreamRegistration {
  const trigger = declare(`onStream("${table}")`, 'stream', { ...options, name: table, table });
  return { trigger, fn };
}

/**
 * A DynamoDB stream batch (`Records[].eventSource` is `aws:dynamodb`). It goes to the `onStream` of the
 * table its stream ARN names; every record of one batch comes from one stream.
 */
export const streamSource: AppSource<DynamoDBStreamEvent> = {
  recognise: (event) =>
    firstRecordOf(event)?.eventSource === 'aws:dynamodb'
      ? (event as unknown as DynamoDBStreamEvent)
      : undefined,

  dispatcher({ stream: streams }, tools) {
    return async (event, lambdaContext) => {
      const arns = [...new Set(event.Records.map((record) => record.eventSourceARN ?? ''))];
      const tables = arns.map(tableNameOfStreamArn);
      const table = tables[0];
      if (arns.length !== 1 || table === undefined) {
        throw tools.unclaimed(`a DynamoDB stream batch from ${arns.map((arn) => `"${arn}"`).join(', ')}`);
      }
      const registration = streams.find(({ trigger }) => trigger.table === table);
      if (registration === undefined) throw tools.unclaimed(`a DynamoDB stream batch of table "${table}"`);
      const { trigger, fn } = registration;
      return processStreamBatch(event.Records, (record, sequenceNumber) =>
        runWithFlow({ kind: 'stream', trigger: table, event: record }, tools.flow, () =>
          fn(record, { ...tools.base(lambdaContext), trigger, eventName: record.eventName, sequenceNumber }),
        ),
      );
    };
  },
};
