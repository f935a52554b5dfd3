/**
 * How an event's ARN names the resource it came from, and how a resource name is matched to a trigger's
 * name. The infra names the queues and topics it creates `<something>-<trigger name>` (`orders-worker-orders`),
 * so a trigger claims a resource whose name is its own name, or ends with `-<its name>`.
 */

/**
 * The last segment of an SQS queue or SNS topic ARN: its name (`.fifo` kept).
 *
 * @example
 * resourceNameOfArn('arn:aws:sqs:us-east-1:123456789012:shop-orders.fifo'); // 'shop-orders.fifo'
 * resourceNameOfArn('arn:aws:sns:us-east-1:123456789012:alerts'); // 'alerts'
 */
export function resourceNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * Whether a queue or topic named `resourceName` belongs to the trigger named `triggerName`: the same
 * name, or a name ending with `-<triggerName>`.
 *
 * @example
 * claimsResource('orders', 'queue-worker-orders'); // true
 * claimsResource('orders', 'orders'); // true
 * claimsResource('orders', 'backorders'); // false
 */
export function claimsResource(triggerName: string, resourceName: string): boolean {
  return resourceName === triggerName || resourceName.endsWith(`-${triggerName}`);
}

/**
 * Whether two trigger names could claim the same queue or topic: one is the other, or ends with
 * `-<the other>` (`orders` and `eu-orders` both claim a queue named `shop-eu-orders`).
 *
 * @example
 * namesOverlap('orders', 'eu-orders'); // true
 * namesOverlap('orders', 'returns'); // false
 */
export function namesOverlap(a: string, b: string): boolean {
  return claimsResource(a, b) || claimsResource(b, a);
}

/**
 * The table name in a DynamoDB stream ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`).
 * Returns `undefined` for anything else.
 *
 * @example
 * tableNameOfStreamArn('arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291');
 * // 'TestTable'
 */
export function tableNameOfStreamArn(arn: string): string | undefined {
  return /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/.+$/.exec(arn)?.[1];
}
