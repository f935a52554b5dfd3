import { isPlainObject } from '@sosw/core';
import type { S3EventRecord } from 'aws-lambda';
import type { ObjectTrigger } from './sources/object.js';

/**
 * What an S3 event notification says about one object, with its key decoded: S3 sends keys
 * URL-encoded, with `+` for a space (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
export interface ObjectNotice {
  bucket: string;
  /** The object's key, decoded: `photos/my cat.jpg`, not `photos/my+cat.jpg`. */
  key: string;
  /** Without the `s3:` prefix, as S3 sends it: `ObjectCreated:Put`. */
  eventName: string;
  eventTime: string;
  /** Absent for removals. */
  size: number | undefined;
  eTag: string | undefined;
  versionId: string | undefined;
  /** Orders the events of one key: a greater sequencer (same length, hex) is a later event. */
  sequencer: string | undefined;
}

/** A message that is an S3 notification: its records, or S3's `s3:TestEvent`, which says nothing. */
export type S3Notification = { kind: 'records'; records: S3EventRecord[] } | { kind: 'test' };

/**
 * Reads an S3 event notification from a message (an SNS `Message`, an SQS body), or `undefined` when
 * the message is something else. S3 sends `{"Event":"s3:TestEvent",...}` once when a notification to SNS
 * or SQS is configured: that is `{ kind: 'test' }`, to be ignored.
 *
 * @example
 * s3NotificationOf('{"Records":[{"eventSource":"aws:s3",...}]}'); // { kind: 'records', records: [...] }
 * s3NotificationOf('{"Service":"Amazon S3","Event":"s3:TestEvent"}'); // { kind: 'test' }
 * s3NotificationOf('{"orderId":"o-1"}'); // undefined
 */
export function s3NotificationOf(message: unknown): S3Notification | undefined {
  let value = message;
  if (typeof message === 'string') {
    try {
      value = JSON.parse(message);
    } catch {
      return undefined;
    }
  }
  if (!isPlainObject(value)) return undefined;
  if (value.Event === 's3:TestEvent') return { kind: 'test' };
  return isS3Records(value.Records) ? { kind: 'records', records: value.Records } : undefined;
}

/** Whether `records` is a non-empty list of S3 event records (`eventSource: "aws:s3"`). */
export function isS3Records(records: unknown): records is S3EventRecord[] {
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((record) => isPlainObject(record) && record.eventSource === 'aws:s3')
  );
}

/**
 * The notice of one S3 event record, its key decoded.
 *
 * @example
 * objectNoticeOf(record); // { bucket: 'uploads', key: 'in/a b.csv', eventName: 'ObjectCreated:Put', size: 1024, ... }
 */
export function objectNoticeOf(record: S3EventRecord): ObjectNotice {
  const { bucket, object } = record.s3;
  return {
    bucket: bucket.name,
    key: decodeURIComponent(object.key.replace(/\+/g, ' ')),
    eventName: record.eventName,
    eventTime: record.eventTime,
    size: object.size,
    eTag: object.eTag,
    versionId: object.versionId,
    sequencer: object.sequencer,
  };
}

/**
 * Whether an object notice is one the trigger asked for: one of its `events` (`s3:ObjectCreated:*`
 * covers every `ObjectCreated:...`), and its key has the trigger's `prefix` and `suffix`. S3 applies the
 * same filter when the infra configures the bucket; this one matters when the notification reaches the
 * worker some other way (a topic or queue other notifications share).
 *
 * @example
 * wantsObject({ events: ['s3:ObjectCreated:*'], suffix: '.csv', ... }, notice); // true for ObjectCreated:Put of x.csv
 */
export function wantsObject(
  trigger: Pick<ObjectTrigger, 'events' | 'prefix' | 'suffix'>,
  notice: ObjectNotice,
): boolean {
  const eventName = `s3:${notice.eventName}`;
  const wanted = trigger.events.some((event) =>
    event.endsWith(':*') ? eventName.startsWith(event.slice(0, -1)) : eventName === event,
  );
  if (!wanted) return false;
  if (trigger.prefix !== undefined && !notice.key.startsWith(trigger.prefix)) return false;
  return trigger.suffix === undefined || notice.key.endsWith(trigger.suffix);
}
