import { ConfigError, loadConfig, saveConfig } from '@sosw/core';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerConfigSchema } from '../src/index.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const where = () => ({ tableName: tables.names.config, env: 'scheduler-config-test', variables: {} });

describe('scheduler config loaded from the config table', () => {
  it('refuses a chunkable_attrs pair with an empty name with a ConfigError naming it', async () => {
    await saveConfig(
      'sosw_scheduler_config',
      { s3_bucket: 'b', job_schema: { chunkable_attrs: [['', {}]] } },
      where(),
    );

    const loading = loadConfig({ ...where(), functionName: 'sosw_scheduler', schema: schedulerConfigSchema });

    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toMatchObject({ path: 'job_schema.chunkable_attrs[0][0]' });
  });
});
