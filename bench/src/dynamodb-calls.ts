import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DEFAULT_MAX_ATTEMPTS } from '@sosw/dynamo-client';
import type { FloorRates } from './scenarios/floor.js';

/** DynamoDB calls and write units, split between the task tables and the meta table. */
export interface CallCost {
  /** Every request sent (a batch chunk, a page, a transaction: one each). */
  calls: number;
  /** Requests that touched only the meta table (meta rows written on their own). */
  metaCalls: number;
  /** Write units consumed on the tasks, closed and retry tables and their indexes. */
  taskWriteUnits: number;
  /** Write units consumed on the meta table. */
  metaWriteUnits: number;
  /** Read units, all tables. */
  readUnits: number;
  /** Writes of one item (`PutItem`, `UpdateItem`, `DeleteItem`), conditional or not. */
  singleWrites: number;
  /** Items written with `BatchWriteItem`. */
  batchItems: number;
  /** Actions of `TransactWriteItems` (condition checks included). */
  transactActions: number;
}

/** How many writes of each kind some calls made: what the floor of exactly those calls is worked out from. */
export type WriteMix = Pick<CallCost, 'singleWrites' | 'batchItems' | 'transactActions'>;

const READS: ReadonlySet<string> = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const SINGLE_WRITES: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** One action of a `TransactWriteItems` request: only its table matters here. */
type TransactItem = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', { TableName?: string }>>;

/**
 * How many actions of a transaction write to each table. DynamoDB Local reports a transaction's
 * `ConsumedCapacity` per table as if the table had one item in it (2 units for 1, 2 or 10 puts on a
 * table without indexes), where DynamoDB counts every item; the recorder multiplies by this.
 */
function writesPerTable(input: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const items = (input as { TransactItems?: TransactItem[] }).TransactItems ?? [];
  for (const item of items) {
    const write = item.Put ?? item.Update ?? item.Delete;
    if (write?.TableName !== undefined) counts.set(write.TableName, (counts.get(write.TableName) ?? 0) + 1);
  }
  return counts;
}

const none = (): CallCost => ({
  calls: 0,
  metaCalls: 0,
  taskWriteUnits: 0,
  metaWriteUnits: 0,
  readUnits: 0,
  singleWrites: 0,
  batchItems: 0,
  transactActions: 0,
});

/** Items of a `BatchWriteItem` request, all tables. */
function batchItemsOf(input: unknown): number {
  const requests = (input as { RequestItems?: Record<string, unknown[]> }).RequestItems ?? {};
  return Object.values(requests).reduce((sum, items) => sum + items.length, 0);
}

/** Actions of a `TransactWriteItems` request. */
function transactActionsOf(input: unknown): number {
  return ((input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
}

/**
 * Counts what the services send to DynamoDB, per table, from the responses' `ConsumedCapacity` (which every
 * request of `@sosw/dynamo-client` asks for): a middleware on the SDK clients it hands out. The services'
 * own stats sum capacity over all tables; this one tells the meta table apart, and counts every item of a
 * transaction (see `writesPerTable`).
 *
 * @example
 * const calls = new DynamoDbCalls('sosw_tasks_meta');
 * const db = new DynamoClient({ client: calls.client() });
 * // ... work ...
 * calls.take(); // { calls: 12, metaCalls: 1, taskWriteUnits: 30, metaWriteUnits: 10, readUnits: 2 }
 */
export class DynamoDbCalls {
  #cost = none();

  constructor(private readonly metaTable: string) {}

  /** A DynamoDB client (as `DynamoClient` would build it) whose requests are counted here. */
  client(): DynamoDBClient {
    const client = new DynamoDBClient({ maxAttempts: DEFAULT_MAX_ATTEMPTS });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        let consumed: ConsumedCapacity | ConsumedCapacity[] | undefined;
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const writes = operation === 'TransactWriteItems' ? writesPerTable(args.input) : undefined;
        this.#countWrites(operation, args.input);
        try {
          const result = await next(args);
          const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
          consumed = output.ConsumedCapacity;
          return result;
        } finally {
          // A conditional write that fails is a call too (it consumes capacity DynamoDB does not report).
          this.#record(operation, consumed, writes);
        }
      },
      { step: 'initialize', name: 'benchDynamoDbCalls' },
    );
    return client;
  }

  /** What was counted since the last `take`, and starts counting again from zero. */
  take(): CallCost {
    const cost = this.#cost;
    this.#cost = none();
    return cost;
  }

  #countWrites(operation: string, input: unknown): void {
    if (SINGLE_WRITES.has(operation)) this.#cost.singleWrites += 1;
    else if (operation === 'BatchWriteItem') this.#cost.batchItems += batchItemsOf(input);
    else if (operation === 'TransactWriteItems') this.#cost.transactActions += transactActionsOf(input);
  }

  #record(
    operation: string,
    consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
    transactionWrites: Map<string, number> | undefined,
  ): void {
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    this.#cost.calls += 1;
    if (entries.length > 0 && entries.every((entry) => entry.TableName === this.metaTable)) {
      this.#cost.metaCalls += 1;
    }
    for (const entry of entries) {
      const items = transactionWrites?.get(entry.TableName ?? '') ?? 1;
      const units = (entry.CapacityUnits ?? 0) * items;
      if (READS.has(operation)) this.#cost.readUnits += units;
      else if (entry.TableName === this.metaTable) this.#cost.metaWriteUnits += units;
      else this.#cost.taskWriteUnits += units;
    }
  }
}

/**
 * The milliseconds DynamoDB Local needs, at the floor's rates, for the writes some calls made: single-item
 * writes at the conditional-update rate, batch items at the batch rate, transaction actions at the
 * transaction rate. A line's time against this says how close it comes to the writes it chose to make.
 */
export function floorMsOf(mix: WriteMix, rates: FloorRates): number {
  return (
    1000 *
    (mix.singleWrites / rates.conditionalUpdate +
      mix.batchItems / rates.batchItems +
      mix.transactActions / rates.transactActions)
  );
}

/** The sum of some costs. */
export function addCosts(costs: readonly CallCost[]): CallCost {
  return costs.reduce(
    (sum, cost) => ({
      calls: sum.calls + cost.calls,
      metaCalls: sum.metaCalls + cost.metaCalls,
      taskWriteUnits: sum.taskWriteUnits + cost.taskWriteUnits,
      metaWriteUnits: sum.metaWriteUnits + cost.metaWriteUnits,
      readUnits: sum.readUnits + cost.readUnits,
      singleWrites: sum.singleWrites + cost.singleWrites,
      batchItems: sum.batchItems + cost.batchItems,
      transactActions: sum.transactActions + cost.transactActions,
    }),
    none(),
  );
}
