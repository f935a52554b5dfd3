// MINIMAL BOOTSTRAP VERSION — to be replaced by the full harness (testcontainers, guard process, waits).
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', local.endpoint);
  return () => local.stop();
}
