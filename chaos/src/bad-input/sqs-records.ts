import fc from 'fast-check';
import type { SQSRecord } from 'aws-lambda';
import { jsonJunk, neitherObjectNorText, notJsonText, type Malformed } from './malformed.js';

/** The message a queue worker of these records expects: `{ orderId: string, quantity: whole number >= 1 }`. */
export interface Order {
  orderId: string;
  quantity: number;
}

/** The queue the records come from; a queue trigger named `orders` claims it. */
export const ORDERS_QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:chaos-orders';

/** An SQS record as Lambda delivers it, with `body`. */
export function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1700000000000',
      SenderId: 'AIDACHAOS',
      ApproximateFirstReceiveTimestamp: '1700000000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: ORDERS_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

/** A body as SNS wraps it on its way to SQS (subscriptions without raw message delivery). */
function inSnsEnvelope(message: string): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: 'sns-1',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:chaos-orders',
    Message: message,
  });
}

/** Junk with no `$sosw` key anywhere: plain data, which the serializer hands on as it is. */
function untagged(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(untagged);
  if (typeof value === 'object' && value !== null) {
    return !Object.hasOwn(value, '$sosw') && Object.values(value).every(untagged);
  }
  return true;
}

/**
 * The nesting the serializer reads (`MAX_NESTING_DEPTH` of `@sosw/serializer`, not a dependency here):
 * anything deeper must be refused with its `NestingTooDeepError`, which is invalid input, never retried.
 */
const SERIALIZER_NESTING_LIMIT = 100;

/** Fields beside `orderId` and `quantity`, holding nested junk: the schema drops them. */
const extraFields = fc
  .dictionary(fc.stringMatching(/^x_[a-z]{1,6}$/), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 })
  .filter(untagged);

/** A message the worker must run, with junk beside it, sent straight or in an SNS envelope. */
export const goodBody: fc.Arbitrary<{ body: string; order: Order }> = fc
  .record({
    orderId: fc.string({ minLength: 1, maxLength: 12 }),
    quantity: fc.integer({ min: 1, max: 1000 }),
    extra: extraFields,
    deepExtra: fc.boolean(),
    viaSns: fc.boolean(),
  })
  .map(({ orderId, quantity, extra, deepExtra, viaSns }) => {
    const plain = JSON.stringify({ ...extra, orderId, quantity });
    // A field holding arrays down to level 100 exactly: as deep as the serializer reads, so it runs.
    const levels = SERIALIZER_NESTING_LIMIT;
    const text = deepExtra ? `{"x_deep":${'['.repeat(levels)}${']'.repeat(levels)},${plain.slice(1)}` : plain;
    return { body: viaSns ? inSnsEnvelope(text) : text, order: { orderId, quantity } };
  });

/**
 * A serializer tag that cannot stand for a string: a tag key holding no tag, an unknown tag, a known tag
 * with missing, extra or ill-typed fields (an S3 pointer never well formed, so nothing is fetched), or a
 * well-formed tag of a value that is not text.
 */
const badTag = fc.oneof(
  jsonJunk.filter((tag) => typeof tag !== 'string').map((tag) => ({ $sosw: tag })),
  fc.string({ maxLength: 10 }).map((tag) => ({ $sosw: `chaos-${tag}` })),
  fc
    .tuple(
      fc.constantFrom(
        'object',
        'date',
        'set',
        'map',
        'bigint',
        'decimal',
        'bytes',
        'undefined',
        'number',
        'class',
      ),
      fc.option(jsonJunk, { nil: undefined }),
      fc.option(jsonJunk, { nil: undefined }),
    )
    .map(([tag, v, name]) => ({
      $sosw: tag,
      ...(v === undefined ? {} : { v }),
      ...(name === undefined ? {} : { name }),
    })),
  fc
    .record({ bucket: jsonJunk, key: jsonJunk, bytes: jsonJunk, sha256: fc.string({ maxLength: 10 }) })
    .map((pointer) => ({ $sosw: 's3', ...pointer })),
  fc.constantFrom(
    { $sosw: 'date', v: '2024-05-06T00:00:00.000Z' },
    { $sosw: 'set', v: ['a'] },
    { $sosw: 'bigint', v: '12' },
    { $sosw: 'number', v: 'NaN' },
  ),
);

/** How a deep value nests: the opening and closing of one level, around a leaf. */
const nestings = {
  arrays: { open: '[', close: ']', leaf: '' },
  objects: { open: '{"a":', close: '}', leaf: '1' },
  sets: { open: '{"$sosw":"set","v":[', close: ']}', leaf: '' },
} as const;

/**
 * JSON nested more than the limit deep, as text (building it as a value and stringifying it would itself recurse):
 * a few kilobytes of it overflowed the serializer's stack before it had a bound, and the `RangeError`
 * sent the record back to its queue on every receive.
 */
const deepJson = fc
  .record({
    nesting: fc.constantFrom(...(Object.keys(nestings) as (keyof typeof nestings)[])),
    levels: fc.oneof(
      fc.constant(SERIALIZER_NESTING_LIMIT + 1),
      fc.integer({ min: SERIALIZER_NESTING_LIMIT + 1, max: 20_000 }),
    ),
  })
  .map(({ nesting, levels }) => {
    const { open, close, leaf } = nestings[nesting];
    return open.repeat(levels) + leaf + close.repeat(levels);
  });

/** A record body the worker must never run, and the field its rejection must name. */
export const badBody: fc.Arbitrary<Malformed & { input: string }> = fc
  .tuple(
    fc.oneof(
      notJsonText.map((text) => ({ input: text, field: '$', flaw: 'not JSON' })),
      neitherObjectNorText.map((value) => ({
        input: JSON.stringify(value),
        field: '(root)',
        flaw: 'not an object',
      })),
      fc.string({ maxLength: 10 }).map((text) => ({
        input: JSON.stringify(text),
        field: '(root)',
        flaw: 'a string',
      })),
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(undefined, null, 0, true),
            fc.integer(),
            fc.array(jsonJunk, { maxLength: 2 }),
          ),
          extraFields,
        )
        .map(([orderId, extra]) => ({
          input: JSON.stringify({ ...extra, orderId, quantity: 1 }),
          field: 'orderId',
          flaw: 'bad orderId',
        })),
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(undefined, null, 0, -5, 1.5, '3', true, 1e308),
            fc.array(jsonJunk, { maxLength: 2 }),
          ),
          extraFields,
        )
        .map(([quantity, extra]) => ({
          input: JSON.stringify({ ...extra, orderId: 'o', quantity }),
          field: 'quantity',
          flaw: 'bad quantity',
        })),
      badTag.map((tag) => ({
        input: JSON.stringify({ orderId: tag, quantity: 1 }),
        field: 'orderId',
        flaw: 'bad serializer tag',
      })),
      // The field's value is level 1 and the outermost of its 101 or more levels: the innermost is past 100.
      fc.tuple(fc.constantFrom('orderId', 'x_extra'), deepJson).map(([field, deep]) => ({
        input: `{"orderId":"o","quantity":1,${JSON.stringify(field)}:${deep}}`,
        field,
        flaw: 'nested too deep',
      })),
    ),
    fc.boolean(),
  )
  .map(([bad, viaSns]) => (viaSns ? { ...bad, input: inSnsEnvelope(bad.input) } : bad));
