import { TABLES, type TableKey } from './definitions.js';

/** A table name with the deployment's prefix: `tableName('tasks', 'dev_')` is `dev_sosw_tasks`. */
export function tableName(key: TableKey, prefix = ''): string {
  return `${prefix}${TABLES[key].TableName}`;
}

/** Every sosw table's name under one prefix. */
export function tableNames(prefix = ''): Record<TableKey, string> {
  return {
    tasks: tableName('tasks', prefix),
    closed: tableName('closed', prefix),
    retry: tableName('retry', prefix),
    meta: tableName('meta', prefix),
    config: tableName('config', prefix),
    dispatch: tableName('dispatch', prefix),
  };
}
