import { ESSENTIAL_CONFIG_NAME, getConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import {
  parseTaskConfig,
  resolveLabourers,
  TaskManager,
  taskTableNames,
  type Labourer,
} from '@sosw/task-manager';
import { tableName } from '@sosw/tables';

/** A deployment as the CLI sees it: its labourers (from `sosw_essential_config`) and a task manager. */
export interface Deployment {
  labourers: Labourer[];
  taskManager: TaskManager;
}

/**
 * Reads `sosw_essential_config` from the config table under `prefix` and builds what the read-only
 * commands need. Labourers without a `duration` get their Lambda's timeout (one `GetFunctionConfiguration` each).
 *
 * @example
 * ```ts
 * const { labourers, taskManager } = await openDeployment('dev_');
 * ```
 */
export async function openDeployment(prefix: string, env?: string): Promise<Deployment> {
  const essential = await getConfig(ESSENTIAL_CONFIG_NAME, { tableName: tableName('config', prefix), env });
  const taskConfig = parseTaskConfig(essential.task_config ?? {});
  const labourers = await resolveLabourers(taskConfig);
  const taskManager = new TaskManager({
    db: new DynamoClient(),
    tables: taskTableNames(taskConfig, prefix),
    author: 'sosw_cli',
  });
  return { labourers, taskManager };
}
