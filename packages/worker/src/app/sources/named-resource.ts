import { DuplicateTriggerError } from '../errors.js';
import { claimsResource, namesOverlap, resourceNameOfArn } from '../resource-names.js';
import type { Trigger } from './index.js';

/**
 * What the queue and topic sources share: a trigger claims the queue (topic) its declared ARN names, or
 * else one whose name is its own or ends with `-<its name>`, as the infra names what it makes
 * (`<stage>-<worker>-<trigger name>`, see `resource-names.ts`).
 */

/**
 * The registration whose trigger claims the resource of `arn`: the one that declared that ARN, else the
 * first whose name the resource's name ends with.
 *
 * @example
 * claimantOf(queues, 'arn:aws:sqs:us-east-1:123456789012:dev-indexer-orders', (trigger) => trigger.queueArn);
 * // the registration of onQueue('orders')
 */
export function claimantOf<R extends { trigger: Trigger }>(
  registrations: readonly R[],
  arn: string,
  declaredArn: (trigger: R['trigger']) => string | undefined,
): R | undefined {
  return (
    registrations.find(({ trigger }) => declaredArn(trigger) === arn) ??
    registrations.find(({ trigger }) => claimsResource(trigger.name, resourceNameOfArn(arn)))
  );
}

/**
 * Refuses a queue (topic) name that, with one registered before, could claim the same resource: one is
 * the other, or ends with `-<the other>`.
 *
 * @throws {DuplicateTriggerError} naming both, and a resource name both would claim
 *
 * @example
 * refuseAmbiguousName('onQueue("eu-orders")', 'eu-orders', queues, 'queue');
 * // DuplicateTriggerError: ... queue names "orders" and "eu-orders" are ambiguous: a queue named "x-eu-orders" would be claimed by both; rename one
 */
export function refuseAmbiguousName(
  where: string,
  name: string,
  existing: readonly { trigger: Trigger }[],
  kind: 'queue' | 'topic',
): void {
  const other = existing.find(({ trigger }) => trigger.name !== name && namesOverlap(trigger.name, name));
  if (other !== undefined) {
    throw new DuplicateTriggerError(
      where,
      `${kind} names "${other.trigger.name}" and "${name}" are ambiguous: a ${kind} named "x-${longer(other.trigger.name, name)}" would be claimed by both; rename one`,
    );
  }
}

function longer(a: string, b: string): string {
  return a.length >= b.length ? a : b;
}
