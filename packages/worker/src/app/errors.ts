import { WorkerError, WorkerOptionError } from '../errors.js';

/**
 * Two handlers were registered for one source (the same queue, topic, bucket, table, schedule or event
 * rule), a second `onTask`, a trigger name used twice, or two queue (or topic) triggers whose names would
 * both claim one queue. Thrown by `defineApp()` at registration, so a bad worker fails at start-up.
 *
 * @example
 * defineApp().onQueue('orders', a).onQueue('orders', b);
 * // DuplicateTriggerError: worker option onQueue("orders") is invalid: a queue handler for "orders" is already registered; one handler per source
 */
export class DuplicateTriggerError extends WorkerOptionError {}

/**
 * An event reached an app that has no handler for it. The message says what the event looked like (its
 * source, queue, topic, bucket, table or keys) and which sources the app has handlers for. A deployment
 * that wires a source to a worker without registering its handler gets this on the first event.
 *
 * @example
 * new UnclaimedEventError('an SQS message from queue "arn:aws:sqs:us-east-1:1:audit"', ['queue "orders"']).message;
 * // 'no handler for an SQS message from queue "arn:aws:sqs:us-east-1:1:audit"; this app handles: queue "orders"'
 */
export class UnclaimedEventError extends WorkerError {
  /** What the event looked like. */
  readonly event: string;
  /** The sources the app has handlers for, as `kind "name"`. */
  readonly registered: readonly string[];

  constructor(event: string, registered: readonly string[]) {
    const handles = registered.length > 0 ? registered.join(', ') : 'nothing (no handler registered)';
    super(`no handler for ${event}; this app handles: ${handles}`);
    this.event = event;
    this.registered = registered;
  }
}
