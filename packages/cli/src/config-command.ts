import { getConfig, saveConfig, type PlainObject } from '@sosw/core';
import { tableName } from '@sosw/tables';

/**
 * Reads a config row (`sosw_essential_config`, `sosw_orchestrator_config`, ...) from the config table
 * under `prefix`; a missing row is `{}`.
 *
 * @example
 * ```ts
 * const essential = await readConfig('sosw_essential_config', 'dev_');
 * ```
 */
export function readConfig(name: string, prefix: string, env?: string): Promise<PlainObject> {
  return getConfig(name, { tableName: tableName('config', prefix), env });
}

/**
 * Writes a config row, replacing the whole value.
 *
 * @example
 * ```ts
 * await writeConfig('sosw_scavenger_config', { tasks_limit: 100 }, 'dev_');
 * ```
 */
export function writeConfig(name: string, value: object, prefix: string, env?: string): Promise<void> {
  return saveConfig(name, value, { tableName: tableName('config', prefix), env });
}
