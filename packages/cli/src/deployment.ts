import { loadConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { Ecology, ecologyConfigOf } from '@sosw/ecology';
import {
  resolveLabourers,
  TaskManager,
  taskConfigSchema,
  taskTableNames,
  type Labourer,
} from '@sosw/task-manager';
import { tableName } from '@sosw/tables';
import * as z from 'zod';

/** The orchestrator whose config rows describe the deployment. */
export const ORCHESTRATOR_FUNCTION_NAME = 'sosw_orchestrator';

const section = z.record(z.string(), z.unknown());

/** What the CLI reads of the orchestrator's config: its labourers and its ecology settings. */
const deploymentConfigSchema = z.looseObject({
  task_config: taskConfigSchema.prefault({}),
  ecology_config: section.optional(),
  invocation_number_coefficient: section.optional(),
});

/**
 * A deployment as the CLI sees it: the labourers and ecology the orchestrator works with, and a task
 * manager over its tables.
 */
export interface Deployment {
  labourers: Labourer[];
  taskManager: TaskManager;
  /** Reads the labourers' health metrics from CloudWatch (or `AWS_ENDPOINT_URL_CLOUDWATCH`), as the orchestrator does. */
  ecology: Ecology;
}

/**
 * Reads the orchestrator's config (`sosw_essential_config` under `sosw_orchestrator_config`) from the config
 * table under `prefix`, and builds what the read-only commands need. Labourers without a `duration` get their
 * Lambda's timeout (one `GetFunctionConfiguration` each).
 *
 * @throws ConfigError naming the bad field, when the config would stop the orchestrator too
 *
 * @example
 * ```ts
 * const { labourers, taskManager, ecology } = await openDeployment('dev_');
 * ```
 */
export async function openDeployment(prefix: string, env?: string): Promise<Deployment> {
  const config = await loadConfig({
    functionName: ORCHESTRATOR_FUNCTION_NAME,
    schema: deploymentConfigSchema,
    tableName: tableName('config', prefix),
    env,
  });
  const labourers = await resolveLabourers(config.task_config);
  const taskManager = new TaskManager({
    db: new DynamoClient(),
    tables: taskTableNames(config.task_config, prefix),
    author: 'sosw_cli',
  });
  // The ecology warns about metrics without data; the CLI shows each metric's outcome instead.
  const ecology = new Ecology({ config: ecologyConfigOf(config), logger: { warn: () => undefined } });
  return { labourers, taskManager, ecology };
}
