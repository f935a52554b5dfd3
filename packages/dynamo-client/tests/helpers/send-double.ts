import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import type { DynamoClient } from '../../src/index.js';

/*
 * DynamoDB Local never answers a batch with UnprocessedItems or UnprocessedKeys (it does not throttle),
 * so the retry of unprocessed requests cannot be provoked for real. For those tests only, this thin
 * double sits in front of the document client's `send`: it forwards the first `processed` requests of
 * each batch to DynamoDB Local for real and answers that the rest were left unprocessed, as DynamoDB does
 * under throttling. Every other command goes through untouched.
 */

type Send = (command: unknown) => Promise<unknown>;

/** What the double saw: the size of each batch request it was sent. */
export interface BatchDouble {
  requestSizes: number[];
  /** Most batch requests in flight at once. */
  mostInFlight: number;
}

function install(db: DynamoClient, handle: (command: unknown, real: Send) => Promise<unknown>): void {
  const real = db.documentClient.send.bind(db.documentClient) as Send;
  vi.spyOn(db.documentClient, 'send').mockImplementation(((command: unknown) =>
    handle(command, real)) as never);
}

/**
 * Batch writes process only the first `processed(size)` requests of each call; the rest come back as
 * `UnprocessedItems`.
 */
export function leaveWritesUnprocessed(db: DynamoClient, processed: (size: number) => number): BatchDouble {
  const seen: BatchDouble = { requestSizes: [], mostInFlight: 0 };
  let inFlight = 0;
  install(db, async (command, real) => {
    if (!(command instanceof BatchWriteCommand)) return real(command);
    const all = Object.entries(command.input.RequestItems ?? {}).flatMap(([table, writes]) =>
      writes.map((write) => [table, write] as const),
    );
    seen.requestSizes.push(all.length);
    const cut = processed(all.length);
    const group = (part: typeof all): NonNullable<BatchWriteCommandInput['RequestItems']> => {
      const byTable: NonNullable<BatchWriteCommandInput['RequestItems']> = {};
      for (const [table, write] of part) (byTable[table] ??= []).push(write);
      return byTable;
    };
    inFlight++;
    seen.mostInFlight = Math.max(seen.mostInFlight, inFlight);
    try {
      const output = (
        cut > 0
          ? await real(new BatchWriteCommand({ ...command.input, RequestItems: group(all.slice(0, cut)) }))
          : { $metadata: {} }
      ) as BatchWriteCommandOutput;
      const left = all.slice(cut);
      return {
        ...output,
        UnprocessedItems: left.length > 0 ? group(left) : {},
      } satisfies BatchWriteCommandOutput;
    } finally {
      inFlight--;
    }
  });
  return seen;
}

/** Batch gets read only the first `processed(size)` keys of each call; the rest come back as `UnprocessedKeys`. */
export function leaveKeysUnprocessed(db: DynamoClient, processed: (size: number) => number): BatchDouble {
  const seen: BatchDouble = { requestSizes: [], mostInFlight: 0 };
  install(db, async (command, real) => {
    if (!(command instanceof BatchGetCommand)) return real(command);
    const [table, request] = Object.entries(command.input.RequestItems ?? {})[0]!;
    const keys = request.Keys ?? [];
    seen.requestSizes.push(keys.length);
    const cut = processed(keys.length);
    const part = (some: typeof keys): NonNullable<BatchGetCommandInput['RequestItems']> => ({
      [table]: { ...request, Keys: some },
    });
    const output = (
      cut > 0
        ? await real(new BatchGetCommand({ ...command.input, RequestItems: part(keys.slice(0, cut)) }))
        : { $metadata: {}, Responses: { [table]: [] } }
    ) as BatchGetCommandOutput;
    const left = keys.slice(cut);
    return { ...output, UnprocessedKeys: left.length > 0 ? part(left) : {} } satisfies BatchGetCommandOutput;
  });
  return seen;
}

/** Counts batch requests in flight without changing them. */
export function watchBatches(db: DynamoClient): BatchDouble {
  return leaveWritesUnprocessed(db, (size) => size);
}
