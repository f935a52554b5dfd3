import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { uniqueTablePrefix } from '@sosw/testing';

/** The small tables this package's tests write to, under a fresh prefix per test file. */
export interface TestTables {
  /** Partition key `id` (S). */
  items: string;
  /** Partition key `pk` (S), sort key `sk` (N); GSI `by_group`: `group` (S) + `sk` (N). */
  numbers: string;
  /** Partition key `pk` (S), sort key `sk` (S). */
  strings: string;
  drop(): Promise<void>;
}

export const GROUP_INDEX = 'by_group';

function definitions(prefix: string): CreateTableCommandInput[] {
  return [
    {
      TableName: `${prefix}items`,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    },
    {
      TableName: `${prefix}numbers`,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'group', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: GROUP_INDEX,
          KeySchema: [
            { AttributeName: 'group', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
    {
      TableName: `${prefix}strings`,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ];
}

/** Creates the test tables on this run's DynamoDB Local (found through `AWS_ENDPOINT_URL_DYNAMODB`). */
export async function createTables(): Promise<TestTables> {
  const prefix = uniqueTablePrefix();
  const client = new DynamoDBClient({});
  const inputs = definitions(prefix);
  await Promise.all(inputs.map((input) => client.send(new CreateTableCommand(input))));
  return {
    items: `${prefix}items`,
    numbers: `${prefix}numbers`,
    strings: `${prefix}strings`,
    drop: async () => {
      await Promise.all(inputs.map(({ TableName }) => client.send(new DeleteTableCommand({ TableName }))));
      client.destroy();
    },
  };
}
