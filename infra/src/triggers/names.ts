import { createHash } from 'node:crypto';
import { InfraPropsError } from '../errors.js';

/** SQS queue names: at most 80 characters (`.fifo` counted), letters, digits, `-` and `_`. */
export const QUEUE_NAME_LIMIT = 80;
/** SNS topic names: at most 256 characters, letters, digits, `-` and `_`. */
export const TOPIC_NAME_LIMIT = 256;

const NAME_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/** What a name is for, in an error message: `an SQS queue name`. */
export type NamedResource = 'an SQS queue name' | 'an SNS topic name';

/**
 * The name of a queue or topic the infra creates for a trigger: `<front>-<trigger name>`, at most
 * `limit` characters. The worker SDK finds the trigger of an incoming record by the end of its queue's
 * (topic's) name, `-<trigger name>`, so that end is never cut: when the whole is too long, the front is
 * shortened and keeps a hash of itself, so two long fronts stay two names.
 *
 * @throws InfraPropsError (naming `where`) when the trigger name has characters SQS or SNS refuse in a
 * name, or is so long that not even a shortened front fits
 *
 * @example
 * sourceResourceName('dev-order-indexer', 'orders', 80, { where: 'triggers[0] (orders)', resource: 'an SQS queue name' });
 * // 'dev-order-indexer-orders'
 */
export function sourceResourceName(
  front: string,
  triggerName: string,
  limit: number,
  context: { readonly where: string; readonly resource: NamedResource },
): string {
  if (!NAME_CHARACTERS.test(triggerName)) {
    throw new InfraPropsError(
      `${context.where}.name: "${triggerName}" cannot end ${context.resource} (letters, digits, "-" and "_" only); ` +
        'rename the trigger, or give the ARN of an existing one',
    );
  }
  const room = limit - triggerName.length - 1;
  if (front.length <= room) return `${front}-${triggerName}`;
  const hash = createHash('sha256').update(front).digest('hex').slice(0, 8);
  if (room < hash.length + 1) {
    throw new InfraPropsError(
      `${context.where}.name: "${triggerName}" is too long to end ${context.resource} of at most ${limit} characters; ` +
        'shorten the trigger name, or give the ARN of an existing one',
    );
  }
  return `${front.slice(0, room - hash.length)}${hash}-${triggerName}`;
}
