import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager, taskTableNames, type TaskRecord } from '@sosw/task-manager';
import { CliError } from './errors.js';

/**
 * A task with its closed and retry rows and its meta timeline (oldest first); a `CliError` when no
 * table knows the id.
 *
 * @example
 * ```ts
 * const { task, closed, retry, meta } = await showTask('job-1-42', 'dev_');
 * ```
 */
export async function showTask(taskId: string, prefix: string, labourerId?: string): Promise<TaskRecord> {
  const taskManager = new TaskManager({ db: new DynamoClient(), tables: taskTableNames(undefined, prefix) });
  const record = await taskManager.getTask(taskId, labourerId === undefined ? {} : { labourerId });
  if (
    record.task === undefined &&
    record.closed === undefined &&
    record.retry === undefined &&
    record.meta.length === 0
  ) {
    throw new CliError(
      `no task "${taskId}" in the tables under prefix "${prefix}": check the id and --prefix (or SOSW_TABLE_PREFIX)`,
    );
  }
  return record;
}
