import * as z from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';
import { formatPath } from './path.js';

/** Any zod schema, classic or mini. */
export type Schema = z.core.$ZodType;

/** A message lists this many issues at most; `issues` on the error always has them all. */
const MAX_ISSUES_IN_MESSAGE = 10;

/** A received value is quoted in a message only up to this length, so a message never carries a payload. */
const MAX_QUOTED_LENGTH = 40;

/**
 * Parses `value` with `schema`, or throws a `ValidationError` whose message names every failing path:
 * `task is invalid: labourer_id: expected string, got number; payload: expected object, got undefined`.
 *
 * @param what - what the value is, for the message: `'task'`, `'event of sosw_scheduler'`
 * @returns the schema's output (defaults applied, unknown keys stripped as the schema says)
 * @throws ValidationError when the value does not fit the schema
 *
 * @example
 * const taskSchema = z.object({ labourer_id: z.string(), payload: z.record(z.string(), z.unknown()) });
 * const task = parseWith(taskSchema, event, 'task'); // typed as the schema's output
 */
export function parseWith<S extends Schema>(schema: S, value: unknown, what: string): z.core.output<S> {
  // reportInput: each issue carries the value it is about, so the message can say what was received.
  const result = z.safeParse(schema, value, { reportInput: true });
  if (result.success) return result.data;
  throw formatZodError(result.error, what);
}

/**
 * Turns a zod error into a `ValidationError` that names each failing path.
 *
 * @param what - what was being parsed, for the message
 *
 * @example
 * const result = schema.safeParse(input);
 * if (!result.success) throw formatZodError(result.error, 'job');
 */
export function formatZodError(error: z.core.$ZodError, what: string): ValidationError {
  const issues = toValidationIssues(error.issues);
  return new ValidationError(`${what} is invalid: ${formatIssues(issues)}`, issues, { cause: error });
}

/**
 * zod issues as sosw's `{ path, message }` pairs: `expected number, got string` rather than zod's own
 * wording, one issue per unknown key, and a union of simple types said as `expected string or number`.
 *
 * @example
 * toValidationIssues(schema.safeParse(input, { reportInput: true }).error?.issues ?? []);
 * // [{ path: 'task_config.labourers.x.max_attempts', message: 'expected number, got string' }]
 */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // zod reports these on the parent object; the reader wants to see the unknown field itself.
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: formatPath(issue.path), message: describeIssue(issue) }];
  });
}

/**
 * Issues in one line, `path: message; path: message`, capped at ten with a count of the rest.
 *
 * @example
 * formatIssues([{ path: 'a', message: 'expected number, got string' }]); // 'a: expected number, got string'
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => `${issue.path}: ${issue.message}`);
  const rest = issues.length - shown.length;
  return rest > 0 ? `${shown.join('; ')}; and ${rest} more` : shown.join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const hasInput = 'input' in issue;
  switch (issue.code) {
    case 'invalid_type':
      if (!hasInput) break;
      return `expected ${issue.expected}, got ${describeReceived(issue.expected, issue.input)}`;
    case 'invalid_value': {
      const expected = issue.values.map(quote).join(' | ');
      const head = issue.values.length === 1 ? `expected ${expected}` : `expected one of ${expected}`;
      return hasInput ? `${head}, got ${quote(issue.input)}` : head;
    }
    case 'invalid_union': {
      const simple = simpleUnionTypes(issue.errors);
      if (simple !== undefined && hasInput) {
        return `expected ${simple.join(' or ')}, got ${describeReceived('', issue.input)}`;
      }
      break;
    }
    default:
      break;
  }
  return zodWording(issue.message);
}

/** The branch types of a union whose every branch failed only on its type (`string | number`), if so. */
function simpleUnionTypes(branches: readonly (readonly z.core.$ZodIssue[])[]): string[] | undefined {
  const types: string[] = [];
  for (const branch of branches) {
    const [only, ...more] = branch;
    if (only?.code !== 'invalid_type' || more.length > 0 || only.path.length > 0) return undefined;
    types.push(only.expected);
  }
  return types.length > 0 ? types : undefined;
}

/** The received value's type; the value itself where the type alone would not explain (`expected int, got 1.5`). */
function describeReceived(expected: string, value: unknown): string {
  const type = typeName(value);
  if (value === undefined) return 'undefined (missing)';
  // `expected int, got number` would read as nonsense: show the number.
  if (type === 'number' && /int|float/.test(expected)) return quote(value);
  return type;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value !== 'object') return typeof value;
  const constructor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)
    ?.constructor;
  const name = constructor?.name;
  return name === undefined || name === 'Object' || name === '' ? 'object' : name;
}

/** A short printable form of a received or allowed value. */
function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value.toString()}n`;
  else if (value === null || typeof value !== 'object') text = String(value);
  else return typeName(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
}

/** zod's own message in sosw's voice: `Invalid input: expected number, received string` -> `expected number, got string`. */
function zodWording(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/, received /, ', got ');
}
