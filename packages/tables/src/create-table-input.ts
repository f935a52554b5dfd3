import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { TABLES, type TableKey } from './definitions.js';
import { tableName } from './names.js';

/**
 * The `CreateTable` input for one sosw table under a prefix, billed on demand (what sosw's own stacks
 * recommend for a bursty queue). Used by the CLI, `pnpm start` and the test harness.
 */
export function createTableInput(key: TableKey, prefix = ''): CreateTableCommandInput {
  return { ...TABLES[key], TableName: tableName(key, prefix), BillingMode: 'PAY_PER_REQUEST' };
}
