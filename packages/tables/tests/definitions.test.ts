import { describe, expect, it } from 'vitest';
import { createTableInput, INDEXES, TABLE_KEYS, TABLES, tableName, tableNames } from '../src/index.js';

describe('table definitions', () => {
  it.each(TABLE_KEYS)('%s declares exactly the attributes its keys and indexes use', (key) => {
    const table = TABLES[key];
    const keyed = new Set(
      [
        ...table.KeySchema,
        ...(table.GlobalSecondaryIndexes ?? []).flatMap((index) => index.KeySchema ?? []),
        ...(table.LocalSecondaryIndexes ?? []).flatMap((index) => index.KeySchema ?? []),
      ].map((element) => element.AttributeName),
    );
    const declared = new Set(table.AttributeDefinitions.map((attribute) => attribute.AttributeName));
    expect(declared).toEqual(keyed);
  });

  it('keeps the names and indexes of Python sosw', () => {
    expect(tableNames()).toEqual({
      tasks: 'sosw_tasks',
      closed: 'sosw_closed_tasks',
      retry: 'sosw_retry_tasks',
      meta: 'sosw_tasks_meta',
      config: 'config',
      dispatch: 'sosw_dispatch',
    });
    expect(TABLES.tasks.GlobalSecondaryIndexes?.[0]?.IndexName).toBe(INDEXES.greenfield);
    expect(TABLES.closed.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('labourer_task_status_with_time');
    expect(TABLES.retry.LocalSecondaryIndexes?.[0]?.IndexName).toBe('labourer_id_greenfield');
  });

  it('prefixes every name, and only the name', () => {
    expect(tableName('tasks', 'dev_')).toBe('dev_sosw_tasks');
    const input = createTableInput('retry', 'dev_');
    expect(input.TableName).toBe('dev_sosw_retry_tasks');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.LocalSecondaryIndexes?.[0]?.IndexName).toBe('labourer_id_greenfield');
    expect(TABLES.retry.TableName).toBe('sosw_retry_tasks');
  });
});
