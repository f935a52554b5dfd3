import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  ConfigError,
  configRowLocation,
  getConfig,
  loadConfig,
  saveConfig,
  SoswError,
  type ConfigTableOptions,
} from '../src/index.js';

const labourerSchema = z.object({
  arn: z.string(),
  max_simultaneous_invocations: z.number().int().nonnegative(),
  max_attempts: z.number().int().positive().default(3),
  health_metrics: z.array(z.string()).default([]),
});
const schema = z.object({
  region: z.string(),
  task_config: z.object({ labourers: z.record(z.string(), labourerSchema) }),
});

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let tables: TestTables;
/** Reaches this file's config table by an explicit name, with no env variables involved. */
let at: (env: string) => ConfigTableOptions;

beforeAll(async () => {
  tables = await createTestTables();
  at = (env) => ({ tableName: tables.names.config, env, variables: {} });
});

afterAll(async () => {
  await tables.drop();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Writes a row the way Python sosw (or a hand edit in the console) would. */
async function putRawRow(env: string, configName: string, configValue: unknown): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tables.names.config,
      Item: { env, config_name: configName, config_value: configValue },
    }),
  );
}

describe('saveConfig and getConfig', () => {
  it('store config_value as a JSON string under env + config_name, as sosw does', async () => {
    const value = { task_config: { labourers: { x: { arn: 'arn:x', max_simultaneous_invocations: 2 } } } };
    await saveConfig('roundtrip_config', value, at('save'));
    const { Item } = await documents.send(
      new GetCommand({
        TableName: tables.names.config,
        Key: { env: 'save', config_name: 'roundtrip_config' },
      }),
    );
    expect(typeof Item?.config_value).toBe('string');
    expect(JSON.parse(Item?.config_value as string)).toEqual(value);
    expect(await getConfig('roundtrip_config', at('save'))).toEqual(value);
  });

  it('read a row written by Python sosw', async () => {
    await putRawRow('python', 'sosw_scavenger_config', '{"retry_tasks_table": "sosw_retry_tasks", "n": 1.5}');
    expect(await getConfig('sosw_scavenger_config', at('python'))).toEqual({
      retry_tasks_table: 'sosw_retry_tasks',
      n: 1.5,
    });
  });

  it('read a missing row as an empty object', async () => {
    expect(await getConfig('nobody_config', at('missing'))).toEqual({});
  });

  it('keep envs apart', async () => {
    await saveConfig('split_config', { who: 'dev' }, at('dev'));
    await saveConfig('split_config', { who: 'prod' }, at('production'));
    expect(await getConfig('split_config', at('dev'))).toEqual({ who: 'dev' });
    expect(await getConfig('split_config', at('production'))).toEqual({ who: 'prod' });
  });

  it('replace a row whole on save', async () => {
    await saveConfig('replace_config', { a: 1, b: 2 }, at('replace'));
    await saveConfig('replace_config', { b: 3 }, at('replace'));
    expect(await getConfig('replace_config', at('replace'))).toEqual({ b: 3 });
  });

  it('refuse to save anything but a plain object', async () => {
    await expect(saveConfig('array_config', [1, 2], at('bad'))).rejects.toThrow(ConfigError);
    await expect(saveConfig('array_config', [1, 2], at('bad'))).rejects.toThrow(/array_config.*an array/);
  });

  it('find the table and env from SOSW_TABLE_PREFIX and SOSW_ENV, with the default client', async () => {
    vi.stubEnv('SOSW_TABLE_PREFIX', tables.prefix);
    vi.stubEnv('SOSW_ENV', 'from_env');
    expect(configRowLocation('x_config')).toEqual({
      tableName: tables.names.config,
      env: 'from_env',
      configName: 'x_config',
    });
    // No client, no table name, no env: everything from the environment, the endpoint included.
    await saveConfig('env_config', { via: 'environment' });
    expect(await getConfig('env_config', at('from_env'))).toEqual({ via: 'environment' });
    expect(await getConfig('env_config')).toEqual({ via: 'environment' });
  });

  it('default to the production env and the unprefixed table', () => {
    expect(configRowLocation('x_config', { variables: {} })).toEqual({
      tableName: 'config',
      env: 'production',
      configName: 'x_config',
    });
  });

  it('name the row whose config_value is not valid JSON', async () => {
    await putRawRow('broken', 'sosw_orchestrator_config', '{"task_config": ');
    const failure = getConfig('sosw_orchestrator_config', at('broken'));
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(
      `config row "sosw_orchestrator_config" (env "broken", table "${tables.names.config}") is not valid JSON`,
    );
  });

  it('reject a config_value that is JSON but not an object, or not a string at all', async () => {
    await putRawRow('shapes', 'list_config', '[1, 2]');
    await putRawRow('shapes', 'number_config', 42);
    await putRawRow('shapes', 'absent_config', undefined);
    await expect(getConfig('list_config', at('shapes'))).rejects.toThrow(
      /"list_config".*must hold a JSON object, got an array/,
    );
    await expect(getConfig('number_config', at('shapes'))).rejects.toThrow(
      /"number_config".*config_value must be a string of JSON, got number/,
    );
    await expect(getConfig('absent_config', at('shapes'))).rejects.toThrow(/got undefined/);
  });
});

describe('loadConfig', () => {
  const defaults = { region: 'eu-west-1', task_config: { labourers: {} } };

  it('merges defaults, the essential config, the own config, SOSW_CONFIG and overrides, in that order', async () => {
    const env = 'layers';
    await saveConfig(
      'sosw_essential_config',
      {
        region: 'us-east-1',
        task_config: {
          labourers: {
            x: { arn: 'arn:essential', max_simultaneous_invocations: 1, health_metrics: ['a', 'b', 'c'] },
          },
        },
      },
      at(env),
    );
    await saveConfig(
      'svc_config',
      { task_config: { labourers: { x: { max_simultaneous_invocations: 5, health_metrics: ['d'] } } } },
      at(env),
    );
    const config = await loadConfig({
      ...at(env),
      functionName: 'svc',
      schema,
      defaults,
      variables: { SOSW_CONFIG: '{"task_config": {"labourers": {"x": {"max_attempts": 7}}}}' },
      overrides: { task_config: { labourers: { y: { arn: 'arn:y', max_simultaneous_invocations: 0 } } } },
    });
    expect(config).toEqual({
      region: 'us-east-1',
      task_config: {
        labourers: {
          // arrays replaced, not unioned; the schema's defaults filled in
          x: {
            arn: 'arn:essential',
            max_simultaneous_invocations: 5,
            max_attempts: 7,
            health_metrics: ['d'],
          },
          y: { arn: 'arn:y', max_simultaneous_invocations: 0, max_attempts: 3, health_metrics: [] },
        },
      },
    });
  });

  it('lets SOSW_CONFIG win over the table, and overrides over SOSW_CONFIG', async () => {
    await saveConfig('order_config', { region: 'from-table' }, at('order'));
    const load = (variables: Record<string, string>, overrides = {}) =>
      loadConfig({ ...at('order'), functionName: 'order', schema, defaults, variables, overrides });
    expect((await load({})).region).toBe('from-table');
    expect((await load({ SOSW_CONFIG: '{"region": "from-env"}' })).region).toBe('from-env');
    expect((await load({ SOSW_CONFIG: '{"region": "from-env"}' }, { region: 'from-code' })).region).toBe(
      'from-code',
    );
    expect((await load({ SOSW_CONFIG: '  ' })).region).toBe('from-table');
  });

  it('runs on defaults alone when no row exists', async () => {
    const config = await loadConfig({ ...at('empty'), functionName: 'nothing', schema, defaults });
    expect(config).toEqual(defaults);
  });

  it('reads SOSW_ENV, SOSW_TABLE_PREFIX and SOSW_CONFIG from process.env by default', async () => {
    vi.stubEnv('SOSW_TABLE_PREFIX', tables.prefix);
    vi.stubEnv('SOSW_ENV', 'process_env');
    vi.stubEnv('SOSW_CONFIG', '{"task_config": {"labourers": {"x": {"max_attempts": 9}}}}');
    await saveConfig('penv_config', {
      task_config: { labourers: { x: { arn: 'arn:x', max_simultaneous_invocations: 1 } } },
    });
    const config = await loadConfig({ functionName: 'penv', schema, defaults });
    expect(config.task_config.labourers.x).toMatchObject({ arn: 'arn:x', max_attempts: 9 });
  });

  it('fails with the path of a bad field', async () => {
    await saveConfig(
      'bad_config',
      {
        task_config: {
          labourers: { x: { arn: 'arn:x', max_simultaneous_invocations: 1, max_attempts: '3' } },
        },
      },
      at('bad'),
    );
    const failure = loadConfig({ ...at('bad'), functionName: 'bad', schema, defaults });
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(
      `config of bad (env "bad", table "${tables.names.config}") is invalid: ` +
        'task_config.labourers.x.max_attempts: expected number, got string',
    );
    const error = (await failure.catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(SoswError);
    expect(error.path).toBe('task_config.labourers.x.max_attempts');
  });

  it('names SOSW_CONFIG when it is not valid JSON', async () => {
    const failure = loadConfig({
      ...at('bad_env'),
      functionName: 'x',
      schema,
      defaults,
      variables: { SOSW_CONFIG: '{region: eu}' },
    });
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(/^environment variable SOSW_CONFIG is not valid JSON/);
  });

  it('names the essential row when it is broken', async () => {
    await putRawRow('bad_essential', 'sosw_essential_config', 'not json');
    await expect(loadConfig({ ...at('bad_essential'), functionName: 'x', schema, defaults })).rejects.toThrow(
      /config row "sosw_essential_config" \(env "bad_essential"/,
    );
  });
});
