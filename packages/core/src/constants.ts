/** The config row every sosw service reads before its own (sosw's name, so an existing table works). */
export const ESSENTIAL_CONFIG_NAME = 'sosw_essential_config';

/** The `env` key of config rows when `SOSW_ENV` is not set, as in sosw. */
export const DEFAULT_CONFIG_ENV = 'production';

/** Environment variables sosw reads. */
export const ENV_VARS = {
  /** The `env` key of the config rows to read (`production` when unset). */
  env: 'SOSW_ENV',
  /** The prefix of every sosw table name, e.g. `dev_`. */
  tablePrefix: 'SOSW_TABLE_PREFIX',
  /** A JSON object merged over the config last: per-deployment overrides without touching the table. */
  configOverride: 'SOSW_CONFIG',
} as const;

/** The name of a function's own config row: `<function name>_config`. */
export function configRowName(functionName: string): string {
  return `${functionName}_config`;
}
