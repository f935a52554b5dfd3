import { isPlainObject } from '@sosw/core';
import { SCHEDULE_FIELD } from './sources/schedule.js';
import { APP_SOURCES, SOURCE_KINDS, type SourceEvents, type SourceKind } from './sources/index.js';

/** An incoming event, by the source that recognised it (its trigger `kind`), or `unknown`. */
export type IncomingEvent =
  | { [K in SourceKind]: { source: K; event: SourceEvents[K] } }[SourceKind]
  | { source: 'unknown'; description: string };

/**
 * Tells which source an event is for, by the shapes AWS documents for each (`recognise` in each module
 * of `app/sources/`, asked in order; the first that recognises the event gets it):
 *
 * - `task`: `task_id`, sosw's task invocation (the orchestrator's);
 * - `schedule`: `sosw_schedule` (a string), the infra's schedule;
 * - `queue`, `topic`, `object`, `stream`: `Records` whose first record has `eventSource` `aws:sqs`,
 *   `EventSource` `aws:sns` (SNS spells it with a capital E), records all of `eventSource` `aws:s3`, or
 *   `aws:dynamodb`; `object` also S3's `s3:TestEvent`;
 * - `event`: `detail-type`, `source` and `detail`, an EventBridge event.
 *
 * @example
 * incomingEvent({ task_id: 't1', n: 1 }).source; // 'task'
 * incomingEvent({ Records: [{ eventSource: 'aws:sqs', ... }] }).source; // 'queue'
 * incomingEvent({ hello: 1 }); // { source: 'unknown', description: 'an event with keys "hello" (...)' }
 */
export function incomingEvent(event: unknown): IncomingEvent {
  if (isPlainObject(event)) {
    for (const kind of SOURCE_KINDS) {
      const recognised = APP_SOURCES[kind].recognise(event);
      // The kind and what its own source recognised: the pair the union describes.
      if (recognised !== undefined) return { source: kind, event: recognised } as IncomingEvent;
    }
  }
  return { source: 'unknown', description: describeEvent(event) };
}

/**
 * What an event looks like, in a few words, for an error message: its records' source, or its keys.
 *
 * @example
 * describeEvent({ Records: [{ eventSource: 'aws:kinesis' }] }); // 'an event of 1 record from "aws:kinesis"'
 * describeEvent('hi'); // 'an event that is a string, not an object'
 */
export function describeEvent(event: unknown): string {
  if (!isPlainObject(event)) {
    const type = event === null ? 'null' : Array.isArray(event) ? 'an array' : `a ${typeof event}`;
    return `an event that is ${type}, not an object`;
  }
  const records = event.Records;
  if (Array.isArray(records) && records.length > 0) {
    const first: unknown = records[0];
    const source = isPlainObject(first) ? (first.eventSource ?? first.EventSource) : undefined;
    const from = typeof source === 'string' ? `from "${source}"` : 'with no eventSource';
    return `an event of ${records.length} record${records.length === 1 ? '' : 's'} ${from}`;
  }
  const keys = Object.keys(event);
  const shown = keys.slice(0, 8).map((key) => `"${key}"`);
  if (keys.length > 8) shown.push(`and ${keys.length - 8} more`);
  const listed = keys.length === 0 ? 'no keys' : `keys ${shown.join(', ')}`;
  return `an event with ${listed} (no task_id, ${SCHEDULE_FIELD}, Records or detail-type)`;
}
