import { triggerSchema, type Trigger } from '@sosw/worker';
import { InfraPropsError } from '../errors.js';

const triggerListSchema = triggerSchema.array();

/**
 * The triggers as the infra uses them: validated by `@sosw/worker`'s `triggerSchema` (the one definition
 * the SDK dispatches by), defaults filled in. A trigger list made by `defineApp` passes unchanged; a
 * hand-written one gets the same checks. Two triggers of one kind with one name would be two wirings of
 * one handler, so they are refused too.
 *
 * @param where where the list comes from, to start the error with: `workers/x/src/app.ts`
 * @throws InfraPropsError naming the first bad field: `workers/x/src/app.ts: triggers[1] (orders).batchSize: ...`
 *
 * @example
 * parseTriggers([{ kind: 'queue', name: 'orders' }]);
 * // [{ kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 5 }]
 */
export function parseTriggers(value: unknown, where?: string): Trigger[] {
  const from = where === undefined ? '' : `${where}: `;
  const parsed = triggerListSchema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const [index, ...field] = issue?.path ?? [];
    const named = typeof index === 'number' ? triggerLabel(value, index) : 'triggers';
    const path = field.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    throw new InfraPropsError(`${from}${named}${path}: ${issue?.message ?? 'not a list of triggers'}`);
  }
  const seen = new Set<string>();
  parsed.data.forEach((trigger, index) => {
    const key = `${trigger.kind} ${trigger.name}`;
    if (seen.has(key)) {
      throw new InfraPropsError(
        `${from}${triggerLabel(parsed.data, index)}: a second ${trigger.kind} trigger named "${trigger.name}"; ` +
          'trigger names are unique per kind within a worker',
      );
    }
    seen.add(key);
  });
  return parsed.data;
}

/**
 * How errors name one trigger of a list: `triggers[2] (orders)`, or `triggers[2]` when it has no name.
 *
 * @example
 * triggerLabel([{ kind: 'queue', name: 'orders' }], 0); // 'triggers[0] (orders)'
 */
export function triggerLabel(triggers: unknown, index: number): string {
  const trigger: unknown = Array.isArray(triggers) ? triggers[index] : undefined;
  const name =
    typeof trigger === 'object' && trigger !== null && 'name' in trigger && typeof trigger.name === 'string'
      ? trigger.name
      : undefined;
  return name === undefined ? `triggers[${index}]` : `triggers[${index}] (${name})`;
}
