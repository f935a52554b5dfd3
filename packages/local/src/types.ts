import type { HarnessLog } from './log.js';

/** Where a DynamoDB Local endpoint came from, in the order they are tried. */
export type DynamoDbLocalSource = 'env' | 'jvm';

/** A local endpoint this process may use; `stop()` releases whatever was started for it. */
export interface LocalEndpoint {
  /** The URL clients use, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Stops what was started (idempotent); nothing for an endpoint that was given. */
  stop(): Promise<void>;
}

/** A DynamoDB Local endpoint, from `startDynamoDbLocal()`. */
export interface DynamoDbLocal extends LocalEndpoint {
  /** `env`: `AWS_ENDPOINT_URL_DYNAMODB` was set; `jvm`: the jar on java. */
  readonly source: DynamoDbLocalSource;
  /** The java process's id when `source` is `jvm`; otherwise `undefined`. */
  readonly pid: number | undefined;
}

/** Options of `startDynamoDbLocal()`. */
export interface DynamoDbLocalOptions {
  /** The host port to listen on; default: a free one. */
  port?: number;
  /** Keep the data in this directory (created if missing) instead of in memory. */
  dbPath?: string;
  /**
   * One database for every access key and region (default `true`), so a client with other credentials
   * or another region still sees the same tables.
   */
  sharedDb?: boolean;
  /** How long to wait for the endpoint to answer, in ms (default 60 000). */
  startTimeoutMs?: number;
  /** Where to say which endpoint was used (default: one line to stderr). */
  log?: HarnessLog;
}
