import { BlockList, isIP } from 'node:net';
import { isPlainObject } from '@sosw/core';
import { WorkerOptionError } from '../errors.js';

/**
 * EventBridge's event pattern grammar, as a small pure matcher, so one Lambda can tell which of its
 * `onEvent` handlers an event is for. No maintained npm library does this locally (EventBridge's own
 * `TestEventPattern` is an API call), so it follows the documentation rule by rule:
 *
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (fields are AND,
 *   the values in a field's list are OR, nested objects match nested fields)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html (every
 *   operator: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr, $or)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html (an array in
 *   the event matches when any of its values does)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html (`null`
 *   matches a null value, not a missing field; `""` matches an empty string)
 *
 * A pattern is checked when it is compiled: an unknown operator or a malformed operand throws, naming its
 * path, so a bad pattern fails at start-up rather than by never matching.
 */

/** An event pattern, as EventBridge takes it. */
export type EventPattern = Record<string, unknown>;

/** Whether an event matches a compiled pattern. */
export type EventMatcher = (event: unknown) => boolean;

/** The values of one event field, as the leaf matchers see them. */
interface FieldValues {
  /** The field is present and a leaf (a scalar, or an array of scalars). */
  present: boolean;
  values: readonly unknown[];
}

type ValueMatcher = (field: FieldValues) => boolean;

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/**
 * Compiles an event pattern into a matcher.
 *
 * @param where - how the pattern is named in errors: `onEvent("order-placed").pattern`
 * @throws {WorkerOptionError} naming the path of what is malformed: `onEvent("x").pattern.detail.amount[0]: unknown operator "numerc"`
 *
 * @example
 * const matches = compileEventPattern({ source: ['my.app'], detail: { amount: [{ numeric: ['>', 100] }] } });
 * matches({ source: 'my.app', 'detail-type': 'OrderPlaced', detail: { amount: 250 } }); // true
 */
export function compileEventPattern(pattern: unknown, where = 'pattern'): EventMatcher {
  if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
    throw invalid(where, 'an event pattern is an object with at least one field');
  }
  return compileObject(pattern, where);
}

/**
 * Whether `event` matches `pattern` (compiled each call: compile once with {@link compileEventPattern}
 * to match many events).
 *
 * @example
 * matchesEventPattern({ 'detail-type': [{ prefix: 'Order' }] }, { 'detail-type': 'OrderPlaced' }); // true
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

function compileObject(pattern: Record<string, unknown>, where: string): EventMatcher {
  const checks: EventMatcher[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const path = `${where}.${key}`;
    if (key === '$or') {
      checks.push(compileOr(value, path));
    } else if (Array.isArray(value)) {
      const matchValue = compileLeaf(value, path);
      checks.push((event) => matchValue(fieldValues(event, key)));
    } else if (isPlainObject(value)) {
      const matchNested = compileObject(value, path);
      checks.push((event) => {
        const nested = isPlainObject(event) ? event[key] : undefined;
        // An array of objects in the event matches when one of its objects does.
        return Array.isArray(nested)
          ? nested.some(matchNested)
          : isPlainObject(nested) && matchNested(nested);
      });
    } else {
      throw invalid(path, 'expected a list of values to match, or an object of nested fields');
    }
  }
  // Fields are ANDed: every field of the pattern must match.
  return (event) => checks.every((check) => check(event));
}

function compileOr(value: unknown, path: string): EventMatcher {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
    throw invalid(path, '$or takes a list of at least two patterns');
  }
  const alternatives = value.map((alternative, index) =>
    compileEventPattern(alternative, `${path}[${index}]`),
  );
  return (event) => alternatives.some((alternative) => alternative(event));
}

/** The values of `key` in `event`: an array gives its items; a missing field or an object gives none. */
function fieldValues(event: unknown, key: string): FieldValues {
  if (!isPlainObject(event) || !Object.hasOwn(event, key)) return { present: false, values: [] };
  const value = event[key];
  // Exists matching works on leaf nodes only: an object is not a leaf (eb-create-pattern-operators.html).
  if (isPlainObject(value)) return { present: false, values: [] };
  if (Array.isArray(value)) return { present: value.length > 0, values: value };
  return { present: true, values: [value] };
}

function compileLeaf(list: unknown[], path: string): ValueMatcher {
  if (list.length === 0) throw invalid(path, 'a field needs at least one value to match');
  const matchers = list.map((item, index) => compileMatcher(item, `${path}[${index}]`));
  // The values of a field's list are ORed.
  return (field) => matchers.some((matcher) => matcher(field));
}

function compileMatcher(item: unknown, path: string): ValueMatcher {
  if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
    // Exact match: strings, numbers, booleans and null, each only to itself.
    return anyValue((value) => value === item);
  }
  if (!isPlainObject(item)) throw invalid(path, 'expected a value or an {operator: operand} object');
  const entries = Object.entries(item);
  if (entries.length !== 1) throw invalid(path, 'an operator object has exactly one operator');
  const [operator, operand] = entries[0] as [string, unknown];
  const at = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
      return anyString(textTest(operand, at, (value, text) => value.startsWith(text)));
    case 'suffix':
      return anyString(textTest(operand, at, (value, text) => value.endsWith(text)));
    case 'equals-ignore-case':
      return anyString(ignoreCase(text(operand, at), (value, text) => value === text));
    case 'wildcard': {
      const regex = wildcardRegex(text(operand, at), at);
      return anyString((value) => regex.test(value));
    }
    case 'anything-but': {
      const excluded = compileAnythingBut(operand, at);
      // Anything-but matches a present value that is not excluded; a missing field matches nothing.
      return (field) => field.values.some((value) => !excluded(value));
    }
    case 'numeric': {
      const test = compileNumeric(operand, at);
      return anyValue((value) => typeof value === 'number' && test(value));
    }
    case 'exists':
      if (typeof operand !== 'boolean') throw invalid(at, 'expected true or false');
      return (field) => field.present === operand;
    case 'cidr': {
      const test = compileCidr(operand, at);
      return anyString(test);
    }
    default:
      throw invalid(path, `unknown operator "${operator}"`);
  }
}

function anyValue(test: (value: unknown) => boolean): ValueMatcher {
  return (field) => field.values.some(test);
}

function anyString(test: (value: string) => boolean): ValueMatcher {
  return (field) => field.values.some((value) => typeof value === 'string' && test(value));
}

function text(operand: unknown, path: string): string {
  if (typeof operand !== 'string') throw invalid(path, 'expected a string');
  return operand;
}

/** `prefix`/`suffix`: a string, or `{ "equals-ignore-case": string }` to compare regardless of case. */
function textTest(
  operand: unknown,
  path: string,
  test: (value: string, text: string) => boolean,
): (value: string) => boolean {
  if (typeof operand === 'string') return (value) => test(value, operand);
  if (isPlainObject(operand) && Object.keys(operand).length === 1 && 'equals-ignore-case' in operand) {
    return ignoreCase(text(operand['equals-ignore-case'], `${path}.equals-ignore-case`), test);
  }
  throw invalid(path, 'expected a string or { "equals-ignore-case": string }');
}

function ignoreCase(
  expected: string,
  test: (value: string, text: string) => boolean,
): (value: string) => boolean {
  const lower = expected.toLowerCase();
  return (value) => test(value.toLowerCase(), lower);
}

/**
 * A wildcard as a regular expression: `*` is any run of characters, `\*` a literal star, `\\` a literal
 * backslash; two stars in a row are not allowed (eb-create-pattern-operators.html#eb-filtering-wildcard-matching).
 */
function wildcardRegex(pattern: string, path: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== '*' && next !== '\\') throw invalid(path, 'a backslash escapes only "*" or "\\"');
      source += escapeRegex(next);
      index += 1;
    } else if (char === '*') {
      if (pattern[index + 1] === '*') throw invalid(path, 'consecutive wildcard characters are not allowed');
      source += '.*';
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * What `anything-but` excludes: a value, a list of strings or of numbers, or one of `prefix`, `suffix`,
 * `equals-ignore-case` (a string or a list) and `wildcard` (a string or a list).
 */
function compileAnythingBut(operand: unknown, path: string): (value: unknown) => boolean {
  if (typeof operand === 'string' || typeof operand === 'number') {
    return (value) => value === operand;
  }
  if (Array.isArray(operand)) {
    const allStrings = operand.every((item) => typeof item === 'string');
    const allNumbers = operand.every((item) => typeof item === 'number');
    if (operand.length === 0 || !(allStrings || allNumbers)) {
      throw invalid(path, 'expected a list of strings only, or of numbers only');
    }
    const excluded: unknown[] = operand;
    return (value) => excluded.includes(value);
  }
  if (isPlainObject(operand) && Object.keys(operand).length === 1) {
    const [operator, inner] = Object.entries(operand)[0] as [string, unknown];
    const at = `${path}.${operator}`;
    const strings = (test: (value: string) => boolean) => (value: unknown) =>
      typeof value === 'string' && test(value);
    switch (operator) {
      case 'prefix':
        return strings(textTest(inner, at, (value, prefix) => value.startsWith(prefix)));
      case 'suffix':
        return strings(textTest(inner, at, (value, suffix) => value.endsWith(suffix)));
      case 'equals-ignore-case': {
        const tests = stringList(inner, at).map((item) => ignoreCase(item, (value, text) => value === text));
        return strings((value) => tests.some((test) => test(value)));
      }
      case 'wildcard': {
        const regexes = stringList(inner, at).map((item) => wildcardRegex(item, at));
        return strings((value) => regexes.some((regex) => regex.test(value)));
      }
      default:
        throw invalid(path, `anything-but does not take "${operator}"`);
    }
  }
  throw invalid(path, 'expected a value, a list, or one of prefix, suffix, equals-ignore-case, wildcard');
}

function stringList(operand: unknown, path: string): string[] {
  if (typeof operand === 'string') return [operand];
  if (Array.isArray(operand) && operand.length > 0 && operand.every((item) => typeof item === 'string')) {
    return operand;
  }
  throw invalid(path, 'expected a string or a list of strings');
}

/** `numeric`: one comparison `[op, n]` or a range `[op, n, op, n]`; all must hold. */
function compileNumeric(operand: unknown, path: string): (value: number) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw invalid(path, 'expected [operator, number] or [operator, number, operator, number]');
  }
  const tests: Array<(value: number) => boolean> = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator: unknown = operand[index];
    const bound: unknown = operand[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator)) {
      throw invalid(`${path}[${index}]`, `expected one of =, <, <=, >, >=, got ${JSON.stringify(operator)}`);
    }
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw invalid(`${path}[${index + 1}]`, 'expected a number');
    }
    tests.push(comparison(operator, bound));
  }
  return (value) => tests.every((test) => test(value));
}

function comparison(operator: string, bound: number): (value: number) => boolean {
  switch (operator) {
    case '=':
      return (value) => value === bound;
    case '<':
      return (value) => value < bound;
    case '<=':
      return (value) => value <= bound;
    case '>':
      return (value) => value > bound;
    default:
      return (value) => value >= bound;
  }
}

/** `cidr`: an IPv4 or IPv6 address block, `10.0.0.0/24`; Node's `BlockList` does the arithmetic. */
function compileCidr(operand: unknown, path: string): (value: string) => boolean {
  const block = text(operand, path);
  const [address = '', bits = ''] = block.split('/');
  const family = isIP(address);
  const prefix = Number(bits);
  const maxBits = family === 6 ? 128 : 32;
  if (family === 0 || !/^\d+$/.test(bits) || prefix > maxBits) {
    throw invalid(path, `expected an IP address block such as 10.0.0.0/24, got "${block}"`);
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(address, prefix, type);
  return (value) => isIP(value) === family && list.check(value, type);
}

function invalid(path: string, problem: string): WorkerOptionError {
  return new WorkerOptionError(path, problem);
}
