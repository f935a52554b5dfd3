import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import type { LambdaContextLike } from './types.js';

/** The `idempotency` option of `defineWorker`: Powertools idempotency with DynamoDB persistence. */
export interface IdempotencyOptions {
  /** The idempotency table: partition key `id` (S), TTL on `expiration` recommended (Powertools' layout). */
  tableName: string;
  /** The DynamoDB client; default `new DynamoDBClient({})`. */
  client?: DynamoDBClient;
  /** How long a stored result is replayed; default 3600 s. Longer than the labourer's duration. */
  expiresAfterSeconds?: number;
  /** The prefix of the stored keys; default Powertools': the function's name (`AWS_LAMBDA_FUNCTION_NAME`). */
  keyPrefix?: string;
}

/** What makes one run of a task unique: the task and its attempt. */
export interface IdempotencyKey {
  task_id: string;
  attempt: number;
}

/** Runs `run` at most once per key: a second call with the same key returns the first call's stored result. */
export type IdempotentRunner = <T>(
  key: IdempotencyKey,
  lambdaContext: LambdaContextLike | undefined,
  run: () => Promise<T>,
) => Promise<T>;

/**
 * Wraps runs in Powertools' `makeIdempotent`, keyed on the task id and the attempt only (never on the
 * payload): the same attempt delivered twice (Lambda's at-least-once asynchronous invocation) runs once,
 * while the scavenger's retry, a new attempt, runs again. A run that throws stores nothing, so it can be
 * tried again. `run`'s result must be JSON: it is stored, and replayed as stored.
 *
 * While a run is in progress, a second call with its key throws Powertools'
 * `IdempotencyAlreadyInProgressError` (see {@link isRunInProgress}); the in-progress mark expires with the
 * Lambda's remaining time, so a crashed run does not block its key for long.
 *
 * @example
 * const runOnce = idempotentRunner({ tableName: 'worker_idempotency' });
 * const stored = await runOnce({ task_id: 't1', attempt: 1 }, lambdaContext, () => pullStats(account));
 */
export function idempotentRunner(options: IdempotencyOptions): IdempotentRunner {
  const config = new IdempotencyConfig({ expiresAfterSeconds: options.expiresAfterSeconds ?? 3600 });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    ...(options.client === undefined ? {} : { awsSdkV3Client: options.client }),
  });
  // The key is the first argument alone; `run` rides along as the second and is never hashed.
  const once = makeIdempotent(async (_key: IdempotencyKey, run: () => Promise<unknown>) => run(), {
    persistenceStore,
    config,
    dataIndexArgument: 0,
    ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
  });
  return async <T>(
    key: IdempotencyKey,
    lambdaContext: LambdaContextLike | undefined,
    run: () => Promise<T>,
  ): Promise<T> => {
    // With Lambda's context, an in-progress mark expires when this invocation would have timed out.
    if (typeof lambdaContext?.getRemainingTimeInMillis === 'function') {
      config.registerLambdaContext(lambdaContext as Context);
    }
    return (await once({ task_id: key.task_id, attempt: key.attempt }, run)) as T;
  };
}

/**
 * Whether `error` says another invocation is running the same task attempt right now: that one will
 * report, so this one must not.
 *
 * @example
 * if (isRunInProgress(error)) return; // a duplicate delivery
 */
export function isRunInProgress(error: unknown): boolean {
  return error instanceof IdempotencyAlreadyInProgressError;
}
