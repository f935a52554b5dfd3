export { app, ordersApp, WORKER_NAME, type OrdersAppOptions } from './app.js';
export { indexOrder } from './index-order.js';
export { IndexBusyError, SimulatedOrderIndex, type OrderIndex } from './order-index.js';
export { orderSchema, type Order } from './order.js';
