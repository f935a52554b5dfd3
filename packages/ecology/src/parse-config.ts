import { formatIssues, formatPath, toValidationIssues } from '@sosw/core';
import type { z } from 'zod';
import { EcologyConfigError } from './errors.js';

/**
 * Parses a config document with a schema, or throws an `EcologyConfigError` naming the path of every bad
 * field under `path`, the document's own place in the config (`task_config.labourers.x.health_metrics`,
 * or its segments when a key holds a dot).
 */
export function parseConfig<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  path: string | readonly PropertyKey[],
): z.output<Schema> {
  // reportInput: issues carry the value they are about, so messages can say what was received.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const root = typeof path === 'string' ? path.split('.') : path;
  const issues = toValidationIssues(
    result.error.issues.map((issue) => ({ ...issue, path: [...root, ...issue.path] })),
  );
  throw new EcologyConfigError(`${formatPath(root)} is invalid: ${formatIssues(issues)}`, issues, {
    cause: result.error,
  });
}
