import * as z from 'zod';

/**
 * An order message, as the shop sends it to the `orders` queue. An amount that is not a positive number
 * can never be indexed, so such a message is rejected for good (not retried).
 *
 * @example
 * orderSchema.parse({ orderId: 'o-1', amount: 12.5 }); // { orderId: 'o-1', amount: 12.5 }
 */
export const orderSchema = z.object({
  orderId: z.string().min(1),
  amount: z.number().positive(),
});

/** A valid order message. */
export type Order = z.output<typeof orderSchema>;
