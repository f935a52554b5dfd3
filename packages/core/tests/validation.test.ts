import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ConfigError,
  formatIssues,
  formatZodError,
  parseWith,
  SoswError,
  toValidationIssues,
  ValidationError,
} from '../src/index.js';

const labourer = z.object({ arn: z.string(), max_attempts: z.number().int().default(3) });
const configSchema = z.object({ task_config: z.object({ labourers: z.record(z.string(), labourer) }) });

/** The error `parseWith` throws for `value`. */
function rejection(schema: z.ZodType, value: unknown, what = 'value'): ValidationError {
  try {
    parseWith(schema, value, what);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('parseWith accepted the value');
}

describe('parseWith', () => {
  it('returns the parsed value, with the schema defaults applied', () => {
    const config = parseWith(configSchema, { task_config: { labourers: { x: { arn: 'arn:x' } } } }, 'config');
    expect(config.task_config.labourers.x).toEqual({ arn: 'arn:x', max_attempts: 3 });
  });

  it('names the path of a field of the wrong type, and what it expected and got', () => {
    const error = rejection(
      configSchema,
      { task_config: { labourers: { x: { arn: 'arn:x', max_attempts: '5' } } } },
      'config',
    );
    expect(error.message).toBe(
      'config is invalid: task_config.labourers.x.max_attempts: expected number, got string',
    );
    expect(error.path).toBe('task_config.labourers.x.max_attempts');
    expect(error.issues).toEqual([
      { path: 'task_config.labourers.x.max_attempts', message: 'expected number, got string' },
    ]);
  });

  it('lists every failing path', () => {
    const error = rejection(configSchema, {
      task_config: { labourers: { x: { max_attempts: 1.5 }, y: 'no' } },
    });
    expect(error.issues).toEqual([
      { path: 'task_config.labourers.x.arn', message: 'expected string, got undefined (missing)' },
      { path: 'task_config.labourers.x.max_attempts', message: 'expected int, got 1.5' },
      { path: 'task_config.labourers.y', message: 'expected object, got string' },
    ]);
    expect(error.message).toBe(
      'value is invalid: task_config.labourers.x.arn: expected string, got undefined (missing); ' +
        'task_config.labourers.x.max_attempts: expected int, got 1.5; task_config.labourers.y: expected object, got string',
    );
  });

  it('says null and array rather than object', () => {
    const schema = z.object({ a: z.object({}), b: z.string() });
    expect(rejection(schema, { a: [], b: null }).issues.map((issue) => issue.message)).toEqual([
      'expected object, got array',
      'expected string, got null',
    ]);
  });

  it('names array elements by index', () => {
    const schema = z.object({ metrics: z.array(z.object({ name: z.string() })) });
    expect(rejection(schema, { metrics: [{ name: 'a' }, { name: 2 }] }).path).toBe('metrics[1].name');
  });

  it('quotes the allowed and the received value of an enum or literal', () => {
    const schema = z.object({ op: z.enum(['<', '>=']), kind: z.literal('sosw') });
    expect(rejection(schema, { op: '=', kind: 'other' }).issues).toEqual([
      { path: 'op', message: 'expected one of "<" | ">=", got "="' },
      { path: 'kind', message: 'expected "sosw", got "other"' },
    ]);
  });

  it('shortens long received values', () => {
    const error = rejection(z.object({ op: z.enum(['a']) }), { op: 'x'.repeat(100) });
    expect(error.issues[0]!.message).toBe(`expected "a", got "${'x'.repeat(39)}...`);
  });

  it('names each unknown field of a strict object', () => {
    const schema = z.strictObject({ arn: z.string() });
    expect(rejection(schema, { arn: 'a', arm: 'b', extra: 1 }).issues).toEqual([
      { path: 'arm', message: 'unknown field' },
      { path: 'extra', message: 'unknown field' },
    ]);
  });

  it('says a union of simple types as alternatives', () => {
    const schema = z.object({ threshold: z.union([z.string(), z.number()]) });
    expect(rejection(schema, { threshold: true }).issues).toEqual([
      { path: 'threshold', message: 'expected string or number, got boolean' },
    ]);
  });

  it('keeps zod wording for other rules, and custom messages as written', () => {
    const schema = z.object({
      name: z.string().min(3),
      cooldown: z.number().refine((n) => n % 60 === 0, 'must be a whole number of minutes'),
    });
    const error = rejection(schema, { name: 'ab', cooldown: 90 });
    expect(error.issues).toEqual([
      { path: 'name', message: expect.stringMatching(/>=3 characters/) as unknown },
      { path: 'cooldown', message: 'must be a whole number of minutes' },
    ]);
  });

  it('names the root when the value itself is wrong', () => {
    expect(rejection(configSchema, 'nope', 'event').message).toBe(
      'event is invalid: (root): expected object, got string',
    );
  });

  it('throws a ValidationError, a SoswError, keeping the zod error as cause', () => {
    const error = rejection(configSchema, null);
    expect(error).toBeInstanceOf(SoswError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ValidationError');
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });
});

describe('formatZodError', () => {
  it('reads zod errors parsed without reportInput too', () => {
    const result = z.object({ n: z.number() }).safeParse({ n: 'x' });
    expect(result.success).toBe(false);
    const error = formatZodError(result.error!, 'payload');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('payload is invalid: n: expected number, got string');
  });
});

describe('toValidationIssues', () => {
  it('gives an empty list for no issues', () => {
    expect(toValidationIssues([])).toEqual([]);
  });
});

describe('formatIssues', () => {
  it('joins issues on one line', () => {
    expect(
      formatIssues([
        { path: 'a', message: 'x' },
        { path: 'b', message: 'y' },
      ]),
    ).toBe('a: x; b: y');
  });

  it('shows ten issues at most and counts the rest', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `f${i}`, message: 'bad' }));
    const text = formatIssues(issues);
    expect(text).toContain('f9: bad');
    expect(text).not.toContain('f10');
    expect(text.endsWith('; and 2 more')).toBe(true);
  });
});
