import type {
  DynamoDbLocal as JvmDynamoDbLocal,
  DynamoDbLocalOptions as JvmDynamoDbLocalOptions,
  HarnessLog,
  LocalEndpoint,
} from '@sosw/local';

/** Where a DynamoDB Local endpoint came from, in the order they are tried. */
export type DynamoDbLocalSource = 'env' | 'container' | 'jvm';

/** A DynamoDB Local endpoint, from `startDynamoDbLocal()`. */
export interface DynamoDbLocal extends Omit<JvmDynamoDbLocal, 'source'> {
  /** `env`: `AWS_ENDPOINT_URL_DYNAMODB` was set; `container`: testcontainers; `jvm`: the jar on java. */
  readonly source: DynamoDbLocalSource;
}

/** Options of `startDynamoDbLocal()`: those of `@sosw/local`'s, and whether to skip the container. */
export interface DynamoDbLocalOptions extends JvmDynamoDbLocalOptions {
  /** Skip the container runtime and run the jar on the JVM (default `false`). */
  preferJvm?: boolean;
}

/** A local S3 endpoint, from `startLocalS3()`. */
export interface LocalS3 extends LocalEndpoint {
  /** The directory s3rver keeps the buckets in. */
  readonly directory: string;
}

/** Options of `startLocalS3()`. */
export interface LocalS3Options {
  /** The port to listen on (on 127.0.0.1); default: a free one. */
  port?: number;
  /** Keep the buckets in this directory (kept on stop); default: a temporary one, removed on stop. */
  directory?: string;
  /** Where to say which endpoint was used (default: one line to stderr). */
  log?: HarnessLog;
}
