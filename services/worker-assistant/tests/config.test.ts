import { ConfigError } from '@sosw/core';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerAssistantConfig, workerAssistantFunctionName } from '../src/config.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const load = (overrides: object) =>
  loadWorkerAssistantConfig({ tableName: tables.names.config, env: 'config-test', variables: {}, overrides });

describe('worker-assistant config', () => {
  it('tolerates sosw keys and has defaults', async () => {
    const config = await load({ dynamo_db_config: { row_mapper: {} }, init_clients: ['DynamoDb'] });
    expect(config.labourer_refresh_seconds).toBe(300);
    expect(config.task_config.labourers).toEqual({});
    expect(config.dynamo_db_config).toEqual({ row_mapper: {} });
  });

  it('rejects a bad field with its path', async () => {
    const failure = load({ labourer_refresh_seconds: '5', task_config: { labourers: { w: {} } } });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow('labourer_refresh_seconds: expected number, got string');
    await expect(failure).rejects.toThrow('task_config.labourers.w.arn: expected string, got undefined');
  });

  it('is named after the Lambda function', () => {
    expect(workerAssistantFunctionName({})).toBe('sosw_worker_assistant');
    expect(workerAssistantFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'dev_wa' })).toBe('dev_wa');
  });
});
