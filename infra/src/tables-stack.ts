import { Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
  type Attribute,
  type GlobalSecondaryIndexPropsV2,
  type LocalSecondaryIndexProps,
} from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_KEYS, TABLES, tableName, type TableDefinition, type TableKey } from '@sosw/tables';
import type { Construct } from 'constructs';
import type { SoswSettings } from './context.js';
import { removalPolicy } from './lambda-basics.js';
import { stackName } from './naming.js';

/**
 * The attribute DynamoDB's TTL reads on closed tasks and meta rows: epoch seconds after which a row may be
 * deleted. Writing it (`closed_at` + a retention) is task-manager's part and not done yet, so for now
 * nothing expires; the TTL setting is in place so that rows written with it will.
 */
export const TTL_ATTRIBUTE = 'expires_at';

/** The tables whose rows expire by TTL: history, not work. */
export const TABLES_WITH_TTL: readonly TableKey[] = ['closed', 'meta'];

type KeyType = 'HASH' | 'RANGE';
type KeyElement = { AttributeName?: string | undefined; KeyType?: string | undefined };

const ATTRIBUTE_TYPES: Readonly<Record<string, AttributeType>> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

/** A key attribute of a table definition, typed from its `AttributeDefinitions`. */
function keyAttribute(
  definition: TableDefinition,
  keySchema: readonly KeyElement[] | undefined,
  keyType: KeyType,
): Attribute | undefined {
  const name = keySchema?.find((element) => element.KeyType === keyType)?.AttributeName;
  if (name === undefined) return undefined;
  const type = definition.AttributeDefinitions.find(
    (attribute) => attribute.AttributeName === name,
  )?.AttributeType;
  const attributeType = type === undefined ? undefined : ATTRIBUTE_TYPES[type];
  if (attributeType === undefined) {
    throw new Error(
      `table ${definition.TableName}: key attribute "${name}" has no type in AttributeDefinitions`,
    );
  }
  return { name, type: attributeType };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

type Projection =
  { ProjectionType?: string | undefined; NonKeyAttributes?: string[] | undefined } | undefined;

function projection(value: Projection): { projectionType: ProjectionType; nonKeyAttributes?: string[] } {
  switch (value?.ProjectionType) {
    case 'KEYS_ONLY':
      return { projectionType: ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return {
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...(value.NonKeyAttributes ?? [])],
      };
    default:
      return { projectionType: ProjectionType.ALL };
  }
}

/**
 * The CDK shape of one sosw table, straight from `@sosw/tables` (keys, attribute types, indexes and their
 * projections): the definitions are never restated here.
 *
 * @example
 * const { partitionKey, globalSecondaryIndexes } = tableSchema(TABLES.tasks);
 */
export function tableSchema(definition: TableDefinition): {
  partitionKey: Attribute;
  sortKey?: Attribute;
  globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[];
  localSecondaryIndexes: LocalSecondaryIndexProps[];
} {
  const partitionKey = required(
    keyAttribute(definition, definition.KeySchema, 'HASH'),
    `${definition.TableName}: partition key`,
  );
  const sortKey = keyAttribute(definition, definition.KeySchema, 'RANGE');
  const globalSecondaryIndexes = (definition.GlobalSecondaryIndexes ?? []).map((index) => {
    const indexSortKey = keyAttribute(definition, index.KeySchema, 'RANGE');
    return {
      indexName: required(index.IndexName, `${definition.TableName}: an index name`),
      partitionKey: required(
        keyAttribute(definition, index.KeySchema, 'HASH'),
        `${index.IndexName ?? '?'}: partition key`,
      ),
      ...(indexSortKey === undefined ? {} : { sortKey: indexSortKey }),
      ...projection(index.Projection),
    };
  });
  const localSecondaryIndexes = (definition.LocalSecondaryIndexes ?? []).map((index) => ({
    indexName: required(index.IndexName, `${definition.TableName}: an index name`),
    sortKey: required(
      keyAttribute(definition, index.KeySchema, 'RANGE'),
      `${index.IndexName ?? '?'}: sort key`,
    ),
    ...projection(index.Projection),
  }));
  return {
    partitionKey,
    ...(sortKey === undefined ? {} : { sortKey }),
    globalSecondaryIndexes,
    localSecondaryIndexes,
  };
}

/** Props of `TablesStack`. */
export interface TablesStackProps extends StackProps {
  readonly settings: SoswSettings;
}

/**
 * `SoswTables`: every sosw table under the stage's prefix, on-demand, with point-in-time recovery,
 * encryption under the AWS managed KMS key, TTL on `expires_at` for closed tasks and meta rows, and
 * deletion protection unless the context turns it off (`-c deletionProtection=false`, for dev).
 *
 * @example
 * new TablesStack(app, TABLES_STACK_ID, { settings: soswSettings(app) });
 */
export class TablesStack extends Stack {
  readonly tables: Readonly<Record<TableKey, TableV2>>;

  constructor(scope: Construct, id: string, props: TablesStackProps) {
    const { settings, ...stackProps } = props;
    super(scope, id, {
      stackName: stackName(id, settings.stage),
      description: `sosw tables of stage ${settings.stage} (prefix "${settings.tablePrefix}")`,
      ...stackProps,
    });
    const tables: Partial<Record<TableKey, TableV2>> = {};
    for (const key of TABLE_KEYS) {
      const schema = tableSchema(TABLES[key]);
      tables[key] = new TableV2(this, `Table-${key}`, {
        tableName: tableName(key, settings.tablePrefix),
        partitionKey: schema.partitionKey,
        ...(schema.sortKey === undefined ? {} : { sortKey: schema.sortKey }),
        ...(schema.globalSecondaryIndexes.length > 0
          ? { globalSecondaryIndexes: schema.globalSecondaryIndexes }
          : {}),
        ...(schema.localSecondaryIndexes.length > 0
          ? { localSecondaryIndexes: schema.localSecondaryIndexes }
          : {}),
        // A queue is bursty: a job of 100,000 tasks, then nothing. On-demand follows it without tuning.
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryptionV2.awsManagedKey(),
        ...(TABLES_WITH_TTL.includes(key) ? { timeToLiveAttribute: TTL_ATTRIBUTE } : {}),
        deletionProtection: settings.deletionProtection,
        removalPolicy: removalPolicy(settings),
      });
    }
    this.tables = tables as Record<TableKey, TableV2>;
  }
}
