import { conditionExpression, type Condition } from './condition.js';
import { InvalidRequestError } from './errors.js';
import { Placeholders } from './placeholders.js';
import { updateExpression, type UpdateSpec } from './update-expression.js';
import type { Item, Key } from './types.js';

/** The expression fields of a write, ready to spread into a command or a transaction action. */
export interface ExpressionFields {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** Options of a put. */
export interface PutOptions {
  /**
   * The name of the table's partition key attribute: the put succeeds only if no item with this item's
   * key exists (`attribute_not_exists(<name>)`), and fails with `ConditionFailedError` otherwise.
   */
  ifAbsent?: string;
  /** Must hold for the item already there (or for no item at all), else `ConditionFailedError`. */
  condition?: Condition;
}

/** Options of an update, patch or delete. */
export interface ConditionalOptions {
  /** Must hold for the item as it is, else `ConditionFailedError` and nothing changes. */
  condition?: Condition;
}

/** Options of an update or patch. */
export interface UpdateOptions extends ConditionalOptions {
  /**
   * What the call returns: the whole item after the update (`'all'`, the default), or only the attributes
   * the update wrote (`'updated'`, DynamoDB's `UPDATED_NEW`): less to send back when the item carries a
   * large payload the caller has already.
   */
  returns?: 'all' | 'updated';
}

/** A request built for a put: its fields and, when `ifAbsent` names it, the key (for error messages). */
export interface PutRequestParts {
  fields: { TableName: string; Item: Item } & ExpressionFields;
  key: Key | undefined;
}

function keyAttribute(key: Key, what: string): string {
  const [first] = Object.keys(key);
  if (first === undefined) throw new InvalidRequestError(`${what}: the key has no attributes`);
  return first;
}

function conditionFields(
  conditions: readonly (Condition | undefined)[],
  placeholders: Placeholders,
): ExpressionFields {
  const ConditionExpression = conditionExpression(conditions, placeholders);
  return { ...(ConditionExpression !== undefined && { ConditionExpression }), ...placeholders.attributes() };
}

/**
 * A put's request fields. With `ifAbsent`, adds `attribute_not_exists(<key attribute>)` and checks the
 * item has that attribute.
 *
 * @example
 * putRequest('sosw_tasks', { task_id: 't1' }, { ifAbsent: 'task_id' }).fields.ConditionExpression;
 * // 'attribute_not_exists(#n0)'
 */
export function putRequest(
  table: string,
  item: Item,
  { ifAbsent, condition }: PutOptions = {},
): PutRequestParts {
  let key: Key | undefined;
  if (ifAbsent !== undefined) {
    const value = item[ifAbsent];
    if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Uint8Array)) {
      throw new InvalidRequestError(
        `put into table ${table} with ifAbsent "${ifAbsent}": the item has no key attribute "${ifAbsent}"`,
      );
    }
    key = { [ifAbsent]: value };
  }
  const absent: Condition | undefined =
    ifAbsent === undefined ? undefined : { [ifAbsent]: { exists: false } };
  return {
    fields: { TableName: table, Item: item, ...conditionFields([absent, condition], new Placeholders()) },
    key,
  };
}

/**
 * An update's request fields. `mustExist` (a patch) adds `attribute_exists(<first key attribute>)`, so the
 * update fails instead of creating the item: any key attribute exists on every item there is.
 *
 * @example
 * updateRequest('sosw_tasks', { task_id: 't1' }, { increment: { attempts: 1 } }, { mustExist: true });
 */
export function updateRequest(
  table: string,
  key: Key,
  update: UpdateSpec,
  { condition, mustExist = false }: ConditionalOptions & { mustExist?: boolean } = {},
): { TableName: string; Key: Key; UpdateExpression: string } & ExpressionFields {
  const placeholders = new Placeholders();
  const UpdateExpression = updateExpression(update, placeholders);
  const exists: Condition | undefined = mustExist
    ? { [keyAttribute(key, `patch of table ${table}`)]: { exists: true } }
    : undefined;
  return {
    TableName: table,
    Key: key,
    UpdateExpression,
    ...conditionFields([exists, condition], placeholders),
  };
}

/** A delete's (or a condition check's) request fields. */
export function deleteRequest(
  table: string,
  key: Key,
  { condition }: ConditionalOptions = {},
): { TableName: string; Key: Key } & ExpressionFields {
  return { TableName: table, Key: key, ...conditionFields([condition], new Placeholders()) };
}
