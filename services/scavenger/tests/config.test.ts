import { ConfigError } from '@sosw/core';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScavengerConfig, scavengerConfigSchema, scavengerFunctionName } from '../src/config.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const load = (overrides: object) =>
  loadScavengerConfig({ tableName: tables.names.config, env: 'config-test', variables: {}, overrides });

describe('scavenger config', () => {
  it('has sosw defaults: linear retries, 500 per run, no dead-letter topic', async () => {
    const config = await load({ sns_config: { recipient: 'arn:aws:sns:x' }, init_clients: ['Task', 'Sns'] });
    expect(config).toMatchObject({
      task_config: { labourers: {}, max_attempts: 3 },
      retry_policy: { kind: 'linear' },
      retry_tasks_limit: 500,
      tasks_limit: 500,
      labourer_concurrency: 4,
    });
    expect(config.dead_letter_topic_arn).toBeUndefined();
  });

  it('turns an exponential policy into task-manager policy', () => {
    expect(
      scavengerConfigSchema.parse({
        retry_policy: { kind: 'exponential', base_seconds: 30, cap_seconds: 600 },
      }).retry_policy,
    ).toEqual({ kind: 'exponential', baseSeconds: 30, capSeconds: 600 });
  });

  it.each([
    [{ retry_policy: { kind: 'quadratic' } }, 'retry_policy.kind: expected kind "linear" or "exponential"'],
    [
      { retry_policy: { kind: 'exponential', base_seconds: 60 } },
      'retry_policy.cap_seconds: expected number',
    ],
    [
      { retry_policy: { kind: 'exponential', base_seconds: 60, cap_seconds: 30 } },
      'retry_policy.cap_seconds: must be at least base_seconds',
    ],
    [{ retry_tasks_limit: 0 }, 'retry_tasks_limit'],
    [{ dead_letter_topic_arn: 'sosw_dead' }, 'dead_letter_topic_arn'],
  ])('rejects %j naming the field', async (overrides, expected) => {
    const failure = load(overrides);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(expected);
  });

  it('is named after the Lambda function', () => {
    expect(scavengerFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'x_scavenger' })).toBe('x_scavenger');
    expect(scavengerFunctionName({})).toBe('sosw_scavenger');
  });
});
