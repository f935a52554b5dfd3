import { SoswError } from '@sosw/core';
import type { WorkerLogger } from '@sosw/worker';
import type { Order } from './order.js';

/**
 * The search index is busy right now (HTTP 429/503). Trying again later succeeds.
 *
 * @example
 * throw new IndexBusyError('o-1');
 */
export class IndexBusyError extends SoswError {
  constructor(orderId: string) {
    super(`the order index is busy; order ${orderId} was not indexed`);
  }
}

/** Where orders are indexed: a search index in a real deployment, anything alike in a test. */
export interface OrderIndex {
  /** Adds or replaces the order (keyed by `orderId`, so a second delivery overwrites the first). */
  put(order: Order): Promise<void>;
}

/**
 * A stand-in for a search index that needs no other infrastructure: it "indexes" an order by logging it,
 * and is busy (throws {@link IndexBusyError}) for an order whose id starts with `busy_`, so the retry path
 * can be seen end to end. Replace it with your index client: implement {@link OrderIndex}.
 *
 * @example
 * const index = new SimulatedOrderIndex(logger);
 * await index.put({ orderId: 'o-1', amount: 12.5 }); // logs 'order indexed'
 * await index.put({ orderId: 'busy_1', amount: 1 }); // throws IndexBusyError
 */
export class SimulatedOrderIndex implements OrderIndex {
  readonly #logger: WorkerLogger;

  constructor(logger: WorkerLogger) {
    this.#logger = logger;
  }

  put(order: Order): Promise<void> {
    if (order.orderId.startsWith('busy_')) return Promise.reject(new IndexBusyError(order.orderId));
    this.#logger.info('order indexed', { order_id: order.orderId, amount: order.amount });
    return Promise.resolve();
  }
}
