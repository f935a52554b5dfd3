import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inParallel, median, perSecond, timed } from '../measure.js';
import type { Figure } from '../report.js';

/** What DynamoDB Local itself allows on this machine, measured with the bare SDK: the floor. */
export interface Floor {
  putLatencyMs: number;
  putPerSecond: number;
  conditionalUpdatePerSecond: number;
  batchItemsPerSecond: number;
}

const IN_FLIGHT = 32;
const BATCH_IN_FLIGHT = 8;

/**
 * Measures the floor: a sequential `PutItem`'s median latency, and the best rates of `PutItem` and of
 * conditional `UpdateItem` with 32 in flight, and of `BatchWriteItem` (25 items, 8 in flight).
 */
export async function measureFloor(
  prefix: string,
  scale: number,
): Promise<{ floor: Floor; figures: Figure[] }> {
  const raw = new DynamoDBClient({});
  const db = DynamoDBDocumentClient.from(raw);
  const TableName = `${prefix}floor`;
  await raw.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const item = (i: number) => ({ pk: `item-${i}`, greenfield: 1000 + i, payload: '{"account":42}' });

  const latencies: number[] = [];
  for (let i = 0; i < Math.min(300, scale); i++) {
    latencies.push((await timed(() => db.send(new PutCommand({ TableName, Item: item(i) })))).ms);
  }

  const puts = Math.min(4000, scale);
  const parallelPut = await timed(() =>
    inParallel(puts, IN_FLIGHT, (i) => db.send(new PutCommand({ TableName, Item: item(i) }))),
  );

  const parallelUpdate = await timed(() =>
    inParallel(puts, IN_FLIGHT, (i) =>
      db.send(
        new UpdateCommand({
          TableName,
          Key: { pk: `item-${i}` },
          UpdateExpression: 'SET greenfield = :invoked ADD attempts :one',
          ConditionExpression: 'greenfield < :start',
          ExpressionAttributeValues: { ':invoked': 2_000_000_000, ':one': 1, ':start': 1_900_000_000 },
        }),
      ),
    ),
  );

  const batchItems = Math.min(20_000, scale * 2);
  const batches = Math.ceil(batchItems / 25);
  const batch = await timed(() =>
    inParallel(batches, BATCH_IN_FLIGHT, (b) =>
      db.send(
        new BatchWriteCommand({
          RequestItems: {
            [TableName]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: item(b * 25 + i) } })),
          },
        }),
      ),
    ),
  );
  raw.destroy();

  const floor: Floor = {
    putLatencyMs: median(latencies),
    putPerSecond: perSecond(puts, parallelPut.ms),
    conditionalUpdatePerSecond: perSecond(puts, parallelUpdate.ms),
    batchItemsPerSecond: perSecond(batches * 25, batch.ms),
  };
  const figures: Figure[] = [
    {
      scenario: 'floor',
      metric: 'PutItem latency, sequential (median)',
      value: floor.putLatencyMs,
      unit: 'ms',
    },
    {
      scenario: 'floor',
      metric: `PutItem, ${IN_FLIGHT} in flight`,
      value: floor.putPerSecond,
      unit: 'items/s',
    },
    {
      scenario: 'floor',
      metric: `conditional UpdateItem, ${IN_FLIGHT} in flight`,
      value: floor.conditionalUpdatePerSecond,
      unit: 'items/s',
    },
    {
      scenario: 'floor',
      metric: `BatchWriteItem 25 items, ${BATCH_IN_FLIGHT} in flight`,
      value: floor.batchItemsPerSecond,
      unit: 'items/s',
    },
  ];
  return { floor, figures };
}
