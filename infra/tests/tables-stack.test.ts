import { Template } from 'aws-cdk-lib/assertions';
import { TABLE_KEYS, TABLES, tableName } from '@sosw/tables';
import { describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE } from '../src/index.js';
import { buildApp } from './helpers/app.js';

type GlobalTable = {
  Properties: {
    TableName: string;
    KeySchema: { AttributeName: string; KeyType: string }[];
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    GlobalSecondaryIndexes?: unknown[];
    LocalSecondaryIndexes?: unknown[];
    BillingMode: string;
    SSESpecification: unknown;
    TimeToLiveSpecification?: unknown;
    Replicas: { PointInTimeRecoverySpecification: unknown; DeletionProtectionEnabled: boolean }[];
  };
  DeletionPolicy: string;
};

function tablesOf(context: Record<string, unknown> = {}): Record<string, GlobalTable> {
  const { stacks } = buildApp(context);
  const template = Template.fromStack(stacks.tables);
  const byName: Record<string, GlobalTable> = {};
  for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as GlobalTable[]) {
    byName[table.Properties.TableName] = table;
  }
  return byName;
}

const sortByName = <T extends { AttributeName?: string; IndexName?: string }>(items: readonly T[] = []) =>
  [...items].sort((a, b) =>
    (a.AttributeName ?? a.IndexName ?? '').localeCompare(b.AttributeName ?? b.IndexName ?? ''),
  );

describe('SoswTables', () => {
  const tables = tablesOf();

  it('has every sosw table, under the stage prefix, and nothing else', () => {
    expect(Object.keys(tables).sort()).toEqual(TABLE_KEYS.map((key) => tableName(key, 'dev_')).sort());
  });

  it.each(TABLE_KEYS)('%s: keys, attribute types and indexes come from @sosw/tables', (key) => {
    const table = tables[tableName(key, 'dev_')]!.Properties;
    const definition = TABLES[key];
    expect(table.KeySchema).toEqual(definition.KeySchema);
    expect(sortByName(table.AttributeDefinitions)).toEqual(sortByName(definition.AttributeDefinitions));
    expect(sortByName((table.GlobalSecondaryIndexes ?? []) as { IndexName: string }[])).toEqual(
      sortByName(definition.GlobalSecondaryIndexes),
    );
    expect(sortByName((table.LocalSecondaryIndexes ?? []) as { IndexName: string }[])).toEqual(
      sortByName(definition.LocalSecondaryIndexes),
    );
  });

  it('names the indexes sosw queries', () => {
    const indexNames = Object.values(tables).flatMap((table) =>
      [
        ...(table.Properties.GlobalSecondaryIndexes ?? []),
        ...(table.Properties.LocalSecondaryIndexes ?? []),
      ].map((index) => (index as { IndexName: string }).IndexName),
    );
    expect(indexNames.sort()).toEqual([
      'labourer_id_greenfield',
      'labourer_task_status_with_time',
      'sosw_tasks_greenfield',
    ]);
  });

  it.each(TABLE_KEYS)('%s: on-demand, point-in-time recovery, KMS encryption, deletion protection', (key) => {
    const table = tables[tableName(key, 'dev_')]!;
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.Properties.Replicas).toHaveLength(1);
    expect(table.Properties.Replicas[0]!.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    expect(table.Properties.Replicas[0]!.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('expires closed tasks and meta rows by TTL on expires_at, and only those', () => {
    const withTtl = Object.entries(tables)
      .filter(([, table]) => table.Properties.TimeToLiveSpecification !== undefined)
      .map(([name, table]) => [name, table.Properties.TimeToLiveSpecification]);
    expect(withTtl.sort()).toEqual([
      ['dev_sosw_closed_tasks', { AttributeName: TTL_ATTRIBUTE, Enabled: true }],
      ['dev_sosw_tasks_meta', { AttributeName: TTL_ATTRIBUTE, Enabled: true }],
    ]);
  });

  it('turns deletion protection off, and lets the tables go with the stack, when the context says so', () => {
    const dev = tablesOf({ deletionProtection: 'false' });
    for (const table of Object.values(dev)) {
      expect(table.Properties.Replicas[0]!.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });

  it('names tables and the stack after the stage', () => {
    const { stacks } = buildApp({ stage: 'prod', tablePrefix: '' });
    expect(stacks.tables.stackName).toBe('SoswTables-prod');
    const names = Object.values(
      Template.fromStack(stacks.tables).findResources('AWS::DynamoDB::GlobalTable'),
    ).map((table) => (table as GlobalTable).Properties.TableName);
    expect(names.sort()).toEqual([
      'config',
      'sosw_closed_tasks',
      'sosw_dispatch',
      'sosw_retry_tasks',
      'sosw_tasks',
      'sosw_tasks_meta',
    ]);
  });
});
