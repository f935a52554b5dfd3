import { RetryableError, type QueueContext } from '@sosw/worker';
import { IndexBusyError, type OrderIndex } from './order-index.js';
import type { Order } from './order.js';

/**
 * One message's work: puts the order in the index and counts it (`indexed`, and `amount_cents`). A busy
 * index is a `RetryableError`: the message fails, returns to the queue, and after the queue's
 * `maxReceiveCount` deliveries moves to its dead-letter queue.
 *
 * @example
 * app.onQueue('orders', { schema: orderSchema }, (order, context) => indexOrder(order, context, index));
 */
export async function indexOrder(
  order: Order,
  context: Pick<QueueContext, 'stats'>,
  index: OrderIndex,
): Promise<void> {
  try {
    await index.put(order);
  } catch (error) {
    if (error instanceof IndexBusyError) throw new RetryableError(error.message, { cause: error });
    throw error;
  }
  context.stats.increment('indexed');
  context.stats.increment('amount_cents', Math.round(order.amount * 100));
}
