import * as z from 'zod';
import { configRowLocation, getConfig, parseConfigValue, type ConfigTableOptions } from './config-table.js';
import { configRowName, ENV_VARS, ESSENTIAL_CONFIG_NAME } from './constants.js';
import { deepMerge } from './deep-merge.js';
import { ConfigError } from './errors.js';
import type { PlainObject } from './types.js';
import { formatIssues, toValidationIssues, type Schema } from './validation.js';

/** What `loadConfig` needs: whose config, its schema, its defaults; the table and env come from the environment. */
export interface LoadConfigOptions<S extends Schema> extends ConfigTableOptions {
  /** The function whose row `<functionName>_config` is read, e.g. `sosw_orchestrator`. */
  functionName: string;
  /** Validates (and types) the merged config; its defaults apply too. */
  schema: S;
  /** The service's own defaults: the first layer. */
  defaults?: object;
  /**
   * Overrides from code (a local run, a test), merged last, after `SOSW_CONFIG`.
   */
  overrides?: object;
}

/**
 * Loads a service's configuration by merging, in order (later wins):
 * 1. `defaults`, the service's own;
 * 2. the row `sosw_essential_config`, shared by all sosw services;
 * 3. the row `<functionName>_config`;
 * 4. the environment variable `SOSW_CONFIG`, a JSON object (per-deployment overrides without a table
 *    write, e.g. `SOSW_CONFIG='{"task_config":{"labourers":{"x":{"max_simultaneous_invocations":0}}}}'`);
 * 5. `overrides`, from code.
 *
 * Rows are read with a consistent read from the `config` table (`env` = `SOSW_ENV` or `production`,
 * table prefix `SOSW_TABLE_PREFIX`); a missing row counts as `{}`. Objects merge deeply and arrays are
 * replaced (see `deepMerge`). The result is parsed with `schema`.
 *
 * @throws ConfigError naming the row or variable whose JSON is bad, or listing each field that fails the
 * schema: `config of sosw_orchestrator is invalid: task_config.labourers.x.max_attempts: expected number, got string`
 *
 * @example
 * const schema = z.object({ task_config: z.object({ labourers: z.record(z.string(), labourerSchema) }) });
 * const config = await loadConfig({ functionName: 'sosw_orchestrator', schema, defaults: DEFAULT_CONFIG });
 */
export async function loadConfig<S extends Schema>(options: LoadConfigOptions<S>): Promise<z.core.output<S>> {
  const { functionName, schema, defaults = {}, overrides = {} } = options;
  const variables = options.variables ?? process.env;
  const ownRow = configRowName(functionName);
  const [essential, own] = await Promise.all([
    getConfig(ESSENTIAL_CONFIG_NAME, options),
    getConfig(ownRow, options),
  ]);
  const fromEnvironment = readOverrideVariable(variables[ENV_VARS.configOverride]);
  const merged = deepMerge(
    defaults as PlainObject,
    essential,
    own,
    fromEnvironment,
    overrides as PlainObject,
  );

  const result = z.safeParse(schema, merged, { reportInput: true });
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues);
  const where = configRowLocation(ownRow, options);
  throw new ConfigError(
    `config of ${functionName} (env "${where.env}", table "${where.tableName}") is invalid: ${formatIssues(issues)}`,
    issues,
    { cause: result.error },
  );
}

/** `SOSW_CONFIG` as an object: `{}` when unset or blank. */
function readOverrideVariable(text: string | undefined): PlainObject {
  if (text === undefined || text.trim() === '') return {};
  return parseConfigValue(text, `environment variable ${ENV_VARS.configOverride}`);
}
