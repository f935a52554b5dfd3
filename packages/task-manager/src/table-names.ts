import { tableNames } from '@sosw/tables';
import type { TaskConfig } from './labourer-config.js';
import type { TaskTables } from './types.js';

/**
 * The task tables' names: `tableNames(prefix)` of `@sosw/tables`, each replaced by the name sosw's config
 * gives it, when it gives one (`dynamo_db_config.table_name`, `sosw_closed_tasks_table`,
 * `sosw_retry_tasks_table`, `meta_handler_config.dynamo_db_config.table_name`). A name from config is
 * taken as it is, without the prefix: it is what a sosw deployment already uses.
 *
 * @param prefix - default `SOSW_TABLE_PREFIX` from the environment
 *
 * @example
 * taskTableNames(parseTaskConfig({ sosw_retry_tasks_table: 'old_retry' }), 'dev_');
 * // { tasks: 'dev_sosw_tasks', closed: 'dev_sosw_closed_tasks', retry: 'old_retry', meta: 'dev_sosw_tasks_meta',
 *  //   dispatch: 'dev_sosw_dispatch' }
 */
export function taskTableNames(
  taskConfig?: Pick<
    TaskConfig,
    'dynamo_db_config' | 'sosw_closed_tasks_table' | 'sosw_retry_tasks_table' | 'meta_handler_config'
  >,
  prefix: string | undefined = process.env.SOSW_TABLE_PREFIX,
): TaskTables {
  const names = tableNames(prefix);
  return {
    tasks: taskConfig?.dynamo_db_config?.table_name ?? names.tasks,
    closed: taskConfig?.sosw_closed_tasks_table ?? names.closed,
    retry: taskConfig?.sosw_retry_tasks_table ?? names.retry,
    meta: taskConfig?.meta_handler_config?.dynamo_db_config?.table_name ?? names.meta,
    // Ours: sosw's config has no key for it.
    dispatch: names.dispatch,
  };
}
