import { InvalidRequestError } from './errors.js';
import type { Placeholders } from './placeholders.js';

/**
 * What an update changes, attribute by attribute (top-level attributes; a name is taken literally, so
 * `a.b` is one attribute called `a.b`). An attribute may appear in one clause only.
 *
 * @example
 * // claim a task: push its greenfield a year ahead and count the attempt
 * const claim: UpdateSpec = { set: { greenfield: now + 31_557_600 }, increment: { attempts: 1 } };
 */
export interface UpdateSpec {
  /** Attributes to set to a value (`SET #a = :v`). To delete an attribute, use `remove`, not `undefined`. */
  set?: Readonly<Record<string, unknown>>;
  /**
   * Numbers to add, starting from 0 when the attribute is missing
   * (`SET #a = if_not_exists(#a, :zero) + :n`); a negative number subtracts.
   */
  increment?: Readonly<Record<string, number>>;
  /** Attributes to delete (`REMOVE #a`). */
  remove?: readonly string[];
}

/**
 * The `UpdateExpression` of an update, its names and values registered with `placeholders`.
 * Refuses an update that changes nothing, sets `undefined`, adds a non-finite number, or names one
 * attribute in two clauses (DynamoDB would reject it as overlapping paths).
 *
 * @example
 * updateExpression({ set: { status: 'done' }, increment: { attempts: 1 }, remove: ['lock'] }, new Placeholders());
 * // 'SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2 REMOVE #n2'
 */
export function updateExpression(spec: UpdateSpec, placeholders: Placeholders): string {
  const seen = new Map<string, string>();
  const claim = (attribute: string, clause: string): void => {
    const earlier = seen.get(attribute);
    if (earlier !== undefined) {
      throw new InvalidRequestError(
        `update names attribute "${attribute}" in both "${earlier}" and "${clause}": use one`,
      );
    }
    seen.set(attribute, clause);
  };

  const assignments: string[] = [];
  for (const [attribute, value] of Object.entries(spec.set ?? {})) {
    claim(attribute, 'set');
    if (value === undefined) {
      throw new InvalidRequestError(
        `update sets attribute "${attribute}" to undefined: list it in "remove" to delete it`,
      );
    }
    assignments.push(`${placeholders.name(attribute)} = ${placeholders.value(value)}`);
  }
  for (const [attribute, by] of Object.entries(spec.increment ?? {})) {
    claim(attribute, 'increment');
    if (!Number.isFinite(by)) {
      throw new InvalidRequestError(
        `update increments attribute "${attribute}" by ${by}: give a finite number`,
      );
    }
    const name = placeholders.name(attribute);
    assignments.push(
      `${name} = if_not_exists(${name}, ${placeholders.value(0)}) + ${placeholders.value(by)}`,
    );
  }
  const removals: string[] = [];
  for (const attribute of spec.remove ?? []) {
    claim(attribute, 'remove');
    removals.push(placeholders.name(attribute));
  }

  const clauses = [
    ...(assignments.length > 0 ? [`SET ${assignments.join(', ')}`] : []),
    ...(removals.length > 0 ? [`REMOVE ${removals.join(', ')}`] : []),
  ];
  if (clauses.length === 0) {
    throw new InvalidRequestError(
      'update changes nothing: give at least one of "set", "increment", "remove"',
    );
  }
  return clauses.join(' ');
}
