import type { SQSClient } from '@aws-sdk/client-sqs';
import type { PayloadReaderOptions } from '../payload-reader.js';
import type { WorkerLogger } from '../types.js';
import type { TriggerKind } from './sources/index.js';

/** A rejection: an event or record the app dropped for good (invalid, or its handler threw a `FatalError`). */
export interface Rejection {
  /** The kind of trigger whose handler rejected it: any but `queue`, whose records go to its own `deadLetter`. */
  kind: Exclude<TriggerKind, 'queue'>;
  /** The trigger's name. */
  trigger: string;
  /** What was rejected: the schedule event, the SNS record, the S3 record, the stream record, the EventBridge event. */
  event: unknown;
  error: unknown;
}

/** Options of {@link defineApp}: what every handler of the app shares. */
export interface DefineAppOptions {
  /** The logger's service name; default `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_app`. */
  name?: string;
  /** The logger; default a Powertools `Logger`, made when the handler is built. */
  logger?: WorkerLogger;
  /** How messages are decoded: the codec, and the offloader whose bucket and prefix offloaded payloads may come from. */
  payloads?: PayloadReaderOptions;
  /** The SQS client of queue handlers (`ChangeMessageVisibility`); default `new SQSClient({})` when first needed. */
  sqs?: SQSClient;
  /**
   * Gets every event or record a schedule, topic, object, stream or event handler rejected for good
   * (invalid, or `FatalError`) before it is dropped. If it throws, the event fails instead (and is retried),
   * so nothing is lost. Queue handlers have their own `deadLetter` option.
   */
  rejected?: (rejection: Rejection) => Promise<void> | void;
}
