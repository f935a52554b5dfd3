import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { inParallel, median, perSecond, timed, timedWithCpu } from '../measure.js';
import type { Figure } from '../report.js';

/** What DynamoDB Local itself allows on this machine, measured with the bare SDK: the floor. */
export interface Floor {
  putLatencyMs: number;
  putPerSecond: number;
  conditionalUpdatePerSecond: number;
  batchItemsPerSecond: number;
  transactActionsPerSecond: number;
}

/** Which floor a line is held to. */
export type FloorKind = 'conditionalUpdate' | 'batchItems' | 'transactActions';

export const FLOOR_NAMES: Record<FloorKind, string> = {
  conditionalUpdate: 'conditional UpdateItem/s',
  batchItems: 'BatchWriteItem items/s',
  transactActions: 'TransactWriteItems actions/s',
};

/** Every floor rate, measured one after the other. */
export type FloorRates = Record<FloorKind, number>;

const IN_FLIGHT = 32;
const BATCH_IN_FLIGHT = 8;
const BATCH = 25;
/** Actions per transaction of the floor: DynamoDB's most. */
const TRANSACTION = 100;

/**
 * Measures the floor again, on demand, on the floor's own table with fresh keys: a line measured a minute
 * after the floor on a shared machine is compared with the floor of that minute, not of the first one.
 */
export class FloorProbe {
  #next = 0;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** `count` conditional `UpdateItem`s (32 in flight) on queued-looking items: updates per second. */
  async conditionalUpdates(count: number): Promise<number> {
    return (await this.conditionalUpdatesWithCpu(count)).perSecond;
  }

  /**
   * As `conditionalUpdates`, with the share of one core this process spent sending them: what one
   * request per item costs the client, beside the lines' own CPU figures.
   */
  async conditionalUpdatesWithCpu(count: number): Promise<{ perSecond: number; cpuPercent: number }> {
    const first = this.#take(count);
    await this.#batchWrite(first, count); // the items to update, not timed
    const { ms, cpuPercent } = await timedWithCpu(() =>
      inParallel(count, IN_FLIGHT, (i) =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `item-${first + i}` },
            UpdateExpression: 'SET greenfield = :invoked ADD attempts :one',
            ConditionExpression: 'greenfield < :start',
            ExpressionAttributeValues: { ':invoked': 2_000_000_000, ':one': 1, ':start': 1_900_000_000 },
          }),
        ),
      ),
    );
    return { perSecond: perSecond(count, ms), cpuPercent };
  }

  /** About `count` items written with `BatchWriteItem` (25 each, 8 in flight): items per second. */
  async batchItems(count: number): Promise<number> {
    const batches = Math.ceil(count / BATCH);
    const first = this.#take(batches * BATCH);
    const { ms } = await timed(() => this.#batchWrite(first, batches * BATCH));
    return perSecond(batches * BATCH, ms);
  }

  /** About `count` puts in `TransactWriteItems` of 100 (8 in flight): actions per second. */
  async transactActions(count: number): Promise<number> {
    const transactions = Math.ceil(count / TRANSACTION);
    const first = this.#take(transactions * TRANSACTION);
    const { ms } = await timed(() =>
      inParallel(transactions, BATCH_IN_FLIGHT, (t) =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: Array.from({ length: TRANSACTION }, (_, i) => ({
              Put: { TableName: this.table, Item: item(first + t * TRANSACTION + i) },
            })),
          }),
        ),
      ),
    );
    return perSecond(transactions * TRANSACTION, ms);
  }

  /** The floor of one kind, measured now. */
  now(kind: FloorKind): Promise<number> {
    switch (kind) {
      case 'conditionalUpdate':
        return this.conditionalUpdates(1_000);
      case 'batchItems':
        return this.batchItems(5_000);
      case 'transactActions':
        return this.transactActions(5_000);
    }
  }

  /** Every floor, measured now. */
  async rates(): Promise<FloorRates> {
    return {
      conditionalUpdate: await this.now('conditionalUpdate'),
      batchItems: await this.now('batchItems'),
      transactActions: await this.now('transactActions'),
    };
  }

  #take(count: number): number {
    const first = this.#next;
    this.#next += count;
    return first;
  }

  #batchWrite(first: number, count: number): Promise<void> {
    return inParallel(Math.ceil(count / BATCH), BATCH_IN_FLIGHT, (b) =>
      this.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table]: Array.from({ length: BATCH }, (_, i) => ({
              PutRequest: { Item: item(first + b * BATCH + i) },
            })),
          },
        }),
      ),
    );
  }
}

const item = (i: number) => ({ pk: `item-${i}`, greenfield: 1000 + i, payload: '{"account":42}' });

/** The floor's own table (`<prefix>floor`, a key and nothing else), and a probe on it. */
export async function createFloorProbe(
  prefix: string,
): Promise<{ db: DynamoDBDocumentClient; probe: FloorProbe; table: string }> {
  const raw = new DynamoDBClient({});
  const db = DynamoDBDocumentClient.from(raw);
  const table = `${prefix}floor`;
  await raw.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return { db, probe: new FloorProbe(db, table), table };
}

/**
 * Measures the floor: a sequential `PutItem`'s median latency, and the best rates of `PutItem` and of
 * conditional `UpdateItem` with 32 in flight, of `BatchWriteItem` (25 items, 8 in flight) and of
 * `TransactWriteItems` (100 puts, 8 in flight). Gives a
 * `FloorProbe` on the same table to measure it again before each line.
 */
export async function measureFloor(
  prefix: string,
  scale: number,
): Promise<{ floor: Floor; figures: Figure[]; probe: FloorProbe }> {
  const { db, probe, table: TableName } = await createFloorProbe(prefix);

  const latencies: number[] = [];
  for (let i = 0; i < Math.min(300, scale); i++) {
    latencies.push((await timed(() => db.send(new PutCommand({ TableName, Item: item(i) })))).ms);
  }
  const puts = Math.min(4000, scale);
  const parallelPut = await timed(() =>
    inParallel(puts, IN_FLIGHT, (i) => db.send(new PutCommand({ TableName, Item: item(i) }))),
  );

  const updates = await probe.conditionalUpdatesWithCpu(puts);
  const floor: Floor = {
    putLatencyMs: median(latencies),
    putPerSecond: perSecond(puts, parallelPut.ms),
    conditionalUpdatePerSecond: updates.perSecond,
    batchItemsPerSecond: await probe.batchItems(Math.min(20_000, scale * 2)),
    transactActionsPerSecond: await probe.transactActions(Math.min(20_000, scale * 2)),
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
      metric: `conditional UpdateItem: CPU of this process (its share of one core)`,
      value: updates.cpuPercent,
      unit: '%',
    },
    {
      scenario: 'floor',
      metric: `BatchWriteItem ${BATCH} items, ${BATCH_IN_FLIGHT} in flight`,
      value: floor.batchItemsPerSecond,
      unit: 'items/s',
    },
    {
      scenario: 'floor',
      metric: `TransactWriteItems ${TRANSACTION} puts, ${BATCH_IN_FLIGHT} in flight`,
      value: floor.transactActionsPerSecond,
      unit: 'actions/s',
    },
  ];
  return { floor, figures, probe };
}
