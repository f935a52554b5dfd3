import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { uniqueTablePrefix } from '@sosw/testing';
import { RESULTS_KEY, type StatsRow } from '../../src/index.js';

const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);

/** A fresh results table on DynamoDB Local, keyed as the worker expects; `drop()` deletes it. */
export async function createResultsTable(): Promise<{
  name: string;
  rows(): Promise<StatsRow[]>;
  drop(): Promise<void>;
}> {
  const name = `${uniqueTablePrefix()}stats_results`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: RESULTS_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: RESULTS_KEY, KeyType: 'HASH' }],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
  return {
    name,
    async rows() {
      const { Items = [] } = await documents.send(new ScanCommand({ TableName: name, ConsistentRead: true }));
      return (Items as StatsRow[]).sort((a, b) => a.store_date.localeCompare(b.store_date));
    },
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: name }));
    },
  };
}
