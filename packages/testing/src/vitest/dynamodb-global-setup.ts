// Vitest global setup: one DynamoDB Local endpoint for the whole test run (see startDynamoDbLocal for
// the order: AWS_ENDPOINT_URL_DYNAMODB, a container, the JVM). SOSW_DYNAMODB_LOCAL=jvm skips containers.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../dynamodb-local.js';
import './context.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal({ preferJvm: process.env.SOSW_DYNAMODB_LOCAL === 'jvm' });
  project.provide('dynamodbEndpoint', local.endpoint);
  return () => local.stop();
}
