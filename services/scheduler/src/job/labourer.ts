import type { PlainObject } from '@sosw/core';
import { InvalidJob } from '../errors.js';

/**
 * A Lambda's function name from its name or ARN: `arn:aws:lambda:<region>:<account>:function:<name>` and
 * its qualified forms (`:alias`, `:42`, `:$LATEST`) all give `<name>`.
 *
 * @example
 * functionName('arn:aws:lambda:us-west-2:000000000000:function:foo:prod'); // 'foo'
 * functionName('foo'); // 'foo'
 */
export function functionName(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  // arn : partition : lambda : region : account : function : name [: qualifier]
  return nameOrArn.split(':')[6] ?? nameOrArn;
}

/**
 * The labourer a job is for: its `lambda_name` (sosw's key) or `labourer_id`, a function name or ARN,
 * trimmed to the function name, which must be a labourer of `task_config.labourers`.
 *
 * @param known - the labourer ids of the config
 * @throws InvalidJob naming the field: missing, not a string, two different names, an unknown labourer
 *
 * @example
 * jobLabourer({ lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:worker' }, ['worker']); // 'worker'
 */
export function jobLabourer(job: PlainObject, known: readonly string[]): string {
  const named = (['lambda_name', 'labourer_id'] as const).filter((key) => job[key] !== undefined);
  const [field] = named;
  if (field === undefined) {
    throw InvalidJob.at('job.lambda_name', 'missing: name the labourer in lambda_name (or labourer_id)');
  }
  const names = named.map((key) => {
    const value = job[key];
    if (typeof value !== 'string' || value === '') {
      throw InvalidJob.at(`job.${key}`, `expected a function name or ARN, got ${JSON.stringify(value)}`);
    }
    return functionName(value);
  });
  const [id] = names as [string, ...string[]];
  if (names.some((name) => name !== id)) {
    throw InvalidJob.at('job.labourer_id', `names "${names[1]}", but lambda_name names "${id}"`);
  }
  if (!known.includes(id)) {
    const list = known.length === 0 ? 'none' : known.map((k) => `"${k}"`).join(', ');
    throw InvalidJob.at(
      `job.${field}`,
      `unknown labourer "${id}": task_config.labourers of the scheduler has ${list}`,
    );
  }
  return id;
}
