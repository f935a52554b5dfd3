import {
  DynamoDBClient,
  TransactionCanceledException,
  type ConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, type BatchWriteRequest } from './batch-write-request.js';
import { chunk } from './chunk.js';
import { mapConcurrent, Stats } from '@sosw/core';
import { sumConsumedCapacity } from './consumed-capacity.js';
import {
  ConditionFailedError,
  InvalidRequestError,
  TransactionCanceledError,
  UnprocessedItemsError,
  UnprocessedKeysError,
} from './errors.js';
import {
  asItems,
  positiveInteger,
  queryFields,
  type CountOptions,
  type QueryAllOptions,
  type QueryPage,
  type QueryPageOptions,
} from './query.js';
import { retryUnprocessed } from './retry-unprocessed.js';
import { callsStat, STAT_NAMES } from './stat-names.js';
import { cancellationReasons, transactItems, type TransactAction } from './transact.js';
import type { UpdateSpec } from './update-expression.js';
import {
  deleteRequest,
  putRequest,
  updateRequest,
  type ConditionalOptions,
  type PutOptions,
  type UpdateOptions,
} from './write-requests.js';
import type { Item, Key, Operation } from './types.js';

/** Attempts per request the SDK makes when `maxAttempts` is not given (the SDK's own default is 3). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Parallel requests of one batch call when `batchConcurrency` is not given. */
export const DEFAULT_BATCH_CONCURRENCY = 4;

/** How to build a `DynamoClient`. Every option is optional. */
export interface DynamoClientOptions {
  /**
   * The low-level client to send with. Default: `new DynamoDBClient({ maxAttempts })`, which takes its
   * region, credentials and endpoint from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`, ...).
   */
  client?: DynamoDBClient;
  /**
   * Attempts per request, first one included, made by the SDK's standard retry strategy, which retries
   * throttling (`ProvisionedThroughputExceededException`, `ThrottlingException`), 5xx and network errors
   * with exponential backoff. Default 5. Configures the client this class builds, so it cannot be
   * combined with `client` (configure that client yourself).
   */
  maxAttempts?: number;
  /** Where to count calls and consumed capacity, e.g. the processor's own `Stats`. Default: a new one. */
  stats?: Stats;
  /** How batch calls retry the items and keys DynamoDB leaves unprocessed. */
  batchRetry?: Partial<RetryPolicy>;
  /** How many requests of one batch call are in flight at once. Default 4. */
  batchConcurrency?: number;
}

/** Options of a read of one item or of a batch of items. */
export interface ReadOptions {
  /** Strongly consistent read. Default: eventually consistent. */
  consistent?: boolean;
}

/** Options of a transaction. */
export interface TransactOptions {
  /** Makes the transaction idempotent for 10 minutes: resending it with the same token is a no-op. */
  clientRequestToken?: string;
}

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Typed DynamoDB access for sosw: items are plain objects, expressions are built from typed updates and
 * conditions with placeholders, batches are chunked, run in parallel and retried, transactions explain
 * their failures, and every call is counted with its consumed capacity in `stats`.
 *
 * Conditional writes (`put` with `ifAbsent`, `patch`, any `condition`) that find the item not as
 * required throw `ConditionFailedError` (see `isConditionFailure`).
 *
 * @example
 * const db = new DynamoClient();
 * await db.put('sosw_tasks', { task_id: 't1', labourer_id: 'l1', greenfield: 1000 }, { ifAbsent: 'task_id' });
 * const claimed = await db.patch('sosw_tasks', { task_id: 't1' },
 *   { set: { greenfield: now + 31_557_600 }, increment: { attempts: 1 } },
 *   { condition: { greenfield: { lt: now } } });
 * db.stats.current(); // { dynamodb_put_item_calls: 1, dynamodb_update_item_calls: 1, ... }
 */
export class DynamoClient {
  /** The document client every request goes through. */
  readonly documentClient: DynamoDBDocumentClient;
  /** Calls per operation (`callsStat`) and consumed capacity (`STAT_NAMES`). */
  readonly stats: Stats;
  readonly #retry: RetryPolicy;
  readonly #concurrency: number;

  constructor(options: DynamoClientOptions = {}) {
    if (options.client !== undefined && options.maxAttempts !== undefined) {
      throw new InvalidRequestError(
        'DynamoClient options "client" and "maxAttempts" exclude each other: set maxAttempts on the client you pass',
      );
    }
    const client =
      options.client ?? new DynamoDBClient({ maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS });
    this.documentClient = DynamoDBDocumentClient.from(client, {
      // An optional field left undefined is "no such attribute", not an error.
      marshallOptions: { removeUndefinedValues: true },
    });
    this.stats = options.stats ?? new Stats();
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.batchRetry };
    this.#concurrency = options.batchConcurrency ?? DEFAULT_BATCH_CONCURRENCY;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new InvalidRequestError(
        `DynamoClient option "batchConcurrency" must be a positive integer, got ${this.#concurrency}`,
      );
    }
  }

  /**
   * Reads one item, or `undefined` when there is none.
   *
   * @example
   * const task = await db.get<Task>('sosw_tasks', { task_id: 't1' }, { consistent: true });
   */
  async get<T extends object = Item>(
    table: string,
    key: Key,
    { consistent }: ReadOptions = {},
  ): Promise<T | undefined> {
    const output = await this.#call('GetItem', () =>
      this.documentClient.send(
        new GetCommand({
          TableName: table,
          Key: key,
          ConsistentRead: consistent,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    return output.Item as T | undefined;
  }

  /**
   * Writes an item, replacing any item with the same key, unless `ifAbsent` or `condition` say otherwise
   * (then `ConditionFailedError` when they do not hold).
   *
   * @example
   * await db.put('sosw_tasks', task, { ifAbsent: 'task_id' }); // ConditionFailedError if t1 exists
   */
  async put(table: string, item: Item, options: PutOptions = {}): Promise<void> {
    const { fields, key } = putRequest(table, item, options);
    await this.#conditional('PutItem', table, key, () =>
      this.documentClient.send(new PutCommand({ ...fields, ReturnConsumedCapacity: 'TOTAL' })),
    );
  }

  /**
   * Changes attributes of an item, creating it when it does not exist (use `patch` to forbid that).
   * Returns the item as it is after the update.
   *
   * @example
   * const task = await db.update('sosw_tasks', { task_id: 't1' }, { increment: { attempts: 1 } },
   *   { condition: { completed_at: { exists: false } } });
   */
  async update<T extends object = Item>(
    table: string,
    key: Key,
    update: UpdateSpec,
    options: UpdateOptions = {},
  ): Promise<T> {
    return this.#update<T>(table, key, update, options, false);
  }

  /**
   * Changes attributes of an item that must exist (`attribute_exists` on its key): on a missing item it
   * throws `ConditionFailedError` instead of creating a half item. Returns the item after the update, or
   * only the attributes it wrote with `returns: 'updated'`.
   *
   * @example
   * await db.patch('sosw_tasks', { task_id: 't1' }, { set: { completed_at: now } }); // fails if archived
   * await db.patch('sosw_tasks', { task_id: 't1' }, { increment: { attempts: 1 } }, { returns: 'updated' });
   * // { attempts: 2 }
   */
  async patch<T extends object = Item>(
    table: string,
    key: Key,
    update: UpdateSpec,
    options: UpdateOptions = {},
  ): Promise<T> {
    return this.#update<T>(table, key, update, options, true);
  }

  /**
   * Deletes an item (no error when there is none, unless a `condition` requires it). Returns the deleted
   * item, or `undefined` when there was none.
   *
   * @example
   * await db.delete('sosw_tasks', { task_id: 't1' }, { condition: { completed_at: { exists: true } } });
   */
  async delete<T extends object = Item>(
    table: string,
    key: Key,
    options: ConditionalOptions = {},
  ): Promise<T | undefined> {
    const output = await this.#conditional('DeleteItem', table, key, () =>
      this.documentClient.send(
        new DeleteCommand({
          ...deleteRequest(table, key, options),
          ReturnValues: 'ALL_OLD',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    return output.Attributes as T | undefined;
  }

  /**
   * Reads every page of a query (or up to `limit` items) and returns the items in sort key order.
   *
   * @example
   * const queued = await db.query<Task>('sosw_tasks', {
   *   index: 'sosw_tasks_greenfield',
   *   partitionKey: { name: 'labourer_id', value: 'l1' },
   *   sortKey: { name: 'greenfield', lt: start },
   *   limit: 50,
   * });
   */
  async query<T extends object = Item>(table: string, query: QueryAllOptions): Promise<T[]> {
    const fields = queryFields(table, query);
    const limit = positiveInteger('limit', query.limit);
    const pageSize = positiveInteger('pageSize', query.pageSize);
    const items: T[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const remaining = limit === undefined ? undefined : limit - items.length;
      const Limit = remaining === undefined ? pageSize : Math.min(remaining, pageSize ?? remaining);
      const output = await this.#call('Query', () =>
        this.documentClient.send(
          new QueryCommand({ ...fields, Limit, ExclusiveStartKey: cursor, ReturnConsumedCapacity: 'TOTAL' }),
        ),
      );
      items.push(...asItems<T>(output.Items));
      cursor = output.LastEvaluatedKey;
    } while (cursor !== undefined && (limit === undefined || items.length < limit));
    return items;
  }

  /**
   * Reads one page of a query: up to `limit` items from `cursor` on, and the cursor of the next page.
   *
   * @example
   * let page = await db.queryPage('sosw_closed_tasks', { partitionKey, limit: 100 });
   * while (page.cursor) page = await db.queryPage('sosw_closed_tasks', { partitionKey, limit: 100, cursor: page.cursor });
   */
  async queryPage<T extends object = Item>(table: string, query: QueryPageOptions): Promise<QueryPage<T>> {
    const output = await this.#call('Query', () =>
      this.documentClient.send(
        new QueryCommand({
          ...queryFields(table, query),
          Limit: positiveInteger('limit', query.limit),
          ExclusiveStartKey: query.cursor,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    return { items: asItems<T>(output.Items), cursor: output.LastEvaluatedKey };
  }

  /**
   * Counts the items a query matches (after its filter), over all pages, without reading them out
   * (`Select: 'COUNT'`; the capacity is still that of reading them).
   *
   * @example
   * const running = await db.count('sosw_tasks', {
   *   index: 'sosw_tasks_greenfield',
   *   partitionKey: { name: 'labourer_id', value: 'l1' },
   *   sortKey: { name: 'greenfield', between: [expired, invoked] },
   * });
   */
  async count(table: string, query: CountOptions): Promise<number> {
    const fields = queryFields(table, query);
    const Limit = positiveInteger('pageSize', query.pageSize);
    let total = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const output = await this.#call('Query', () =>
        this.documentClient.send(
          new QueryCommand({
            ...fields,
            Select: 'COUNT',
            Limit,
            ExclusiveStartKey: cursor,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      total += output.Count ?? 0;
      cursor = output.LastEvaluatedKey;
    } while (cursor !== undefined);
    return total;
  }

  /**
   * Reads many items of one table by key: 100 keys per request, `batchConcurrency` requests at a time,
   * unprocessed keys retried with backoff. Items come back in no particular order; missing ones are
   * simply absent; duplicate keys are read once. Gives up with `UnprocessedKeysError`.
   *
   * @example
   * const tasks = await db.batchGet<Task>('sosw_tasks', ids.map((task_id) => ({ task_id })));
   */
  async batchGet<T extends object = Item>(
    table: string,
    keys: readonly Key[],
    { consistent }: ReadOptions = {},
  ): Promise<T[]> {
    const unique = [...new Map(keys.map((key) => [keyIdentity(key), key])).values()];
    const items: Item[] = [];
    const readOnce = async (pending: readonly Key[]): Promise<Key[]> => {
      const output = await this.#call('BatchGetItem', () =>
        this.documentClient.send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: [...pending], ConsistentRead: consistent } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
      items.push(...(output.Responses?.[table] ?? []));
      return (output.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    };
    const left = await mapConcurrent(chunk(unique, BATCH_GET_LIMIT), this.#concurrency, (keysChunk) =>
      retryUnprocessed(keysChunk, readOnce, this.#retry, {
        onRetry: () => {
          this.#countRetry();
        },
      }),
    );
    const unprocessed = left.flat();
    if (unprocessed.length > 0)
      throw new UnprocessedKeysError(table, unprocessed, items, this.#retry.maxRetries);
    return items as T[];
  }

  /**
   * Puts and deletes many items, in any tables: 25 per request, `batchConcurrency` requests at a time,
   * unprocessed items retried with backoff and full jitter. Not atomic, and no conditions: use
   * `transactWrite` for that. Two writes of one key must not fall in the same 25. Gives up with
   * `UnprocessedItemsError`, which carries the writes left over (the others are done).
   *
   * @example
   * await db.batchWrite([
   *   { table: 'sosw_tasks', put: task },
   *   { table: 'sosw_tasks_meta', put: { task_id: task.task_id, created_at: now, action: 'created' } },
   * ]);
   */
  async batchWrite(requests: readonly BatchWriteRequest[]): Promise<void> {
    const writeOnce = async (pending: readonly BatchWriteRequest[]): Promise<BatchWriteRequest[]> => {
      const output = await this.#call('BatchWriteItem', () =>
        this.documentClient.send(
          new BatchWriteCommand({ RequestItems: requestItems(pending), ReturnConsumedCapacity: 'TOTAL' }),
        ),
      );
      return fromRequestItems(output.UnprocessedItems);
    };
    const left = await mapConcurrent(chunk(requests, BATCH_WRITE_LIMIT), this.#concurrency, (requestsChunk) =>
      retryUnprocessed(requestsChunk, writeOnce, this.#retry, {
        onRetry: () => {
          this.#countRetry();
        },
      }),
    );
    const unprocessed = left.flat();
    if (unprocessed.length > 0) throw new UnprocessedItemsError(unprocessed, this.#retry.maxRetries);
  }

  /**
   * Puts many items into one table with `batchWrite`.
   *
   * @example
   * await db.batchPut('sosw_tasks', tasks); // 100,000 tasks: 4,000 requests, 4 at a time
   */
  async batchPut(table: string, items: readonly Item[]): Promise<void> {
    await this.batchWrite(items.map((item) => ({ table, put: item })));
  }

  /**
   * Deletes many items of one table by key with `batchWrite`.
   *
   * @example
   * await db.batchDelete('sosw_tasks', [{ task_id: 't1' }, { task_id: 't2' }]);
   */
  async batchDelete(table: string, keys: readonly Key[]): Promise<void> {
    await this.batchWrite(keys.map((key) => ({ table, delete: key })));
  }

  /**
   * Runs up to 100 actions as one transaction: all or nothing. When DynamoDB cancels it, throws
   * `TransactionCanceledError`, whose `reasons` say which action failed and why.
   *
   * @example
   * // archive: move a completed task to the closed table, once
   * await db.transactWrite([
   *   { type: 'put', table: 'sosw_closed_tasks', item: closedTask, ifAbsent: 'task_id' },
   *   { type: 'delete', table: 'sosw_tasks', key: { task_id: 't1' }, condition: { completed_at: { exists: true } } },
   * ]);
   */
  async transactWrite(
    actions: readonly TransactAction[],
    { clientRequestToken }: TransactOptions = {},
  ): Promise<void> {
    const TransactItems = transactItems(actions);
    try {
      await this.#call('TransactWriteItems', () =>
        this.documentClient.send(
          new TransactWriteCommand({
            TransactItems,
            ClientRequestToken: clientRequestToken,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new TransactionCanceledError(cancellationReasons(actions, error.CancellationReasons), {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #update<T extends object>(
    table: string,
    key: Key,
    update: UpdateSpec,
    { condition, returns = 'all' }: UpdateOptions,
    mustExist: boolean,
  ): Promise<T> {
    const fields = updateRequest(table, key, update, { condition, mustExist });
    const ReturnValues = returns === 'updated' ? 'UPDATED_NEW' : 'ALL_NEW';
    const output = await this.#conditional('UpdateItem', table, key, () =>
      this.documentClient.send(
        new UpdateCommand({ ...fields, ReturnValues, ReturnConsumedCapacity: 'TOTAL' }),
      ),
    );
    return output.Attributes as T;
  }

  /** Sends a conditional write, turning DynamoDB's condition failure into `ConditionFailedError`. */
  async #conditional<Output extends { ConsumedCapacity?: ConsumedCapacity }>(
    operation: Operation,
    table: string,
    key: Key | undefined,
    send: () => Promise<Output>,
  ): Promise<Output> {
    try {
      return await this.#call(operation, send);
    } catch (error) {
      if (isConditionalCheckFailed(error))
        throw new ConditionFailedError(operation, table, key, { cause: error });
      throw error;
    }
  }

  /** Sends one request, counting the call and the capacity it consumed. */
  async #call<Output extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    operation: Operation,
    send: () => Promise<Output>,
  ): Promise<Output> {
    this.stats.increment(callsStat(operation));
    const output = await send();
    const units = sumConsumedCapacity(output.ConsumedCapacity);
    if (units.total > 0) this.stats.increment(STAT_NAMES.consumedCapacity, units.total);
    if (units.read > 0) this.stats.increment(STAT_NAMES.consumedRead, units.read);
    if (units.write > 0) this.stats.increment(STAT_NAMES.consumedWrite, units.write);
    return output;
  }

  #countRetry(): void {
    this.stats.increment(STAT_NAMES.unprocessedRetries);
  }
}

/** A key as a string, to find duplicates: attribute order does not matter. */
function keyIdentity(key: Key): string {
  const canonical = Object.keys(key)
    .sort()
    .map((name) => {
      const value = key[name];
      return [name, value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value];
    });
  return JSON.stringify(canonical);
}

/** Batch writes grouped by table, as `BatchWriteItem` wants them. */
function requestItems(
  requests: readonly BatchWriteRequest[],
): NonNullable<BatchWriteCommandInput['RequestItems']> {
  const byTable: NonNullable<BatchWriteCommandInput['RequestItems']> = {};
  for (const request of requests) {
    const writes = (byTable[request.table] ??= []);
    writes.push(
      'put' in request ? { PutRequest: { Item: request.put } } : { DeleteRequest: { Key: request.delete } },
    );
  }
  return byTable;
}

/** `UnprocessedItems` back into batch writes. */
function fromRequestItems(unprocessed: BatchWriteCommandInput['RequestItems']): BatchWriteRequest[] {
  return Object.entries(unprocessed ?? {}).flatMap(([table, writes]) =>
    writes.flatMap((write): BatchWriteRequest[] => {
      if (write.PutRequest?.Item) return [{ table, put: write.PutRequest.Item }];
      if (write.DeleteRequest?.Key) return [{ table, delete: write.DeleteRequest.Key as Key }];
      return [];
    }),
  );
}
