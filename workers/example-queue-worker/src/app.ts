import { defineApp, type SoswApp, type WorkerLogger } from '@sosw/worker';
import { indexOrder } from './index-order.js';
import { SimulatedOrderIndex, type OrderIndex } from './order-index.js';
import { orderSchema } from './order.js';

/** The worker's name: its logger's service name. */
export const WORKER_NAME = 'example_queue_worker';

/** Options of {@link ordersApp}. */
export interface OrdersAppOptions {
  /** Where orders go; default a {@link SimulatedOrderIndex} on the app's logger, made on first use. */
  index?: OrderIndex;
  /** The logger; default a Powertools `Logger`. */
  logger?: WorkerLogger;
}

/**
 * The worker app: one queue, `orders`. The infra creates it as `<worker>-orders`, with a dead-letter queue
 * after 3 deliveries, and maps it to the Lambda with batches of up to 10 and partial batch responses.
 * Each message is validated by {@link orderSchema}, then indexed.
 *
 * @example
 * const app = ordersApp({ index: myIndex });
 * export const handler = app.handler();
 */
export function ordersApp(options: OrdersAppOptions = {}): SoswApp {
  let index = options.index;
  return defineApp({
    name: WORKER_NAME,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  }).onQueue('orders', { schema: orderSchema, batchSize: 10, maxReceiveCount: 3 }, (order, context) => {
    index ??= new SimulatedOrderIndex(context.logger);
    return indexOrder(order, context, index);
  });
}

/** The deployed app: what the infra reads (`app.triggers`) and `src/handler.ts` serves. */
export const app = ordersApp();
