import { ConfigError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import { TaskConfigError } from '../src/errors.js';
import { parseTaskConfig, taskConfigSchema } from '../src/labourer-config.js';
import { toLabourer } from '../src/labourer.js';
import { taskTableNames } from '../src/table-names.js';

const arn = 'arn:aws:lambda:us-west-2:000000000000:function:worker';

function errorOf(input: unknown): TaskConfigError {
  try {
    parseTaskConfig(input);
  } catch (error) {
    if (error instanceof TaskConfigError) return error;
    throw error;
  }
  throw new Error('expected a TaskConfigError');
}

describe('parseTaskConfig', () => {
  it('gives a labourer sosw defaults: 1 invocation at once, cooldown 300, no health metrics, duration unset; continuous dispatch', () => {
    const config = parseTaskConfig({ labourers: { worker: { arn } } });
    expect(config.labourers.worker).toEqual({
      arn,
      max_simultaneous_invocations: 1,
      cooldown: 300,
      health_metrics: {},
      dispatch: 'continuous',
    });
    expect(config.max_attempts).toBe(3);
  });

  it('resolves max_attempts: max_attempts_<id> over the labourer own over task_config.max_attempts', () => {
    const config = parseTaskConfig({
      max_attempts: 4,
      max_attempts_a: 7,
      labourers: { a: { arn, max_attempts: 2 }, b: { arn, max_attempts: 2 }, c: { arn } },
    });
    const maxAttempts = (id: string) => toLabourer(id, config.labourers[id]!, config, 60).maxAttempts;
    expect(maxAttempts('a')).toBe(7);
    expect(maxAttempts('b')).toBe(2);
    expect(maxAttempts('c')).toBe(4);
    expect(
      toLabourer('c', parseTaskConfig({ labourers: { c: { arn } } }).labourers.c!, parseTaskConfig({}), 60)
        .maxAttempts,
    ).toBe(3);
  });

  it('names an unknown labourer field by its path, as a ConfigError', () => {
    const error = errorOf({ labourers: { worker: { arn, max_simultanious_invocations: 5 } } });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.path).toBe('task_config.labourers.worker.max_simultanious_invocations');
    expect(error.message).toContain(
      'task_config.labourers.worker.max_simultanious_invocations: unknown field',
    );
  });

  it('names a missing arn and a bad number', () => {
    const error = errorOf({ labourers: { worker: { cooldown: -1 } } });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'task_config.labourers.worker.arn',
      'task_config.labourers.worker.cooldown',
    ]);
  });

  it('takes key_weights, a positive weight per concurrency key, and names a bad one by its path', () => {
    const config = parseTaskConfig({ labourers: { worker: { arn, key_weights: { big: 4, small: 0.5 } } } });
    expect(config.labourers.worker?.key_weights).toEqual({ big: 4, small: 0.5 });
    expect(parseTaskConfig({ labourers: { worker: { arn } } }).labourers.worker?.key_weights).toBeUndefined();
    for (const bad of [0, -1, 1001, '2']) {
      expect(errorOf({ labourers: { worker: { arn, key_weights: { big: bad } } } }).path).toBe(
        'task_config.labourers.worker.key_weights.big',
      );
    }
    expect(errorOf({ labourers: { worker: { arn, key_weights: { '': 2 } } } }).path).toBe(
      'task_config.labourers.worker.key_weights[""]',
    );
  });

  it('rejects a max_attempts_<id> that is not a whole number of attempts', () => {
    const error = errorOf({ max_attempts_worker: '5' });
    expect(error.path).toBe('task_config.max_attempts_worker');
    expect(error.message).toContain('labourer "worker"');
    expect(() => parseTaskConfig({ max_attempts_worker: 0 })).toThrow(TaskConfigError);
  });

  it('tolerates unknown keys at task_config level, as existing sosw rows have them', () => {
    const config = parseTaskConfig({ greenfield_task_step: 1000, init_clients: ['DynamoDb'] });
    expect(config.greenfield_task_step).toBe(1000);
  });

  it('checks health metrics with the ecology schema, naming their path', () => {
    const error = errorOf({
      labourers: {
        worker: {
          arn,
          health_metrics: {
            cpu: {
              details: { Namespace: 'AWS/RDS', MetricName: 'CPU' },
              feelings: { 9: 1 },
              feeling_comparison_operator: '<=',
            },
          },
        },
      },
    });
    expect(error.path).toBe('task_config.labourers.worker.health_metrics.cpu.feelings.9');
  });

  it('takes the dispatcher limits and shared resources, and names a resource nobody declared', () => {
    const config = parseTaskConfig({
      resources: { stats_db: { max_simultaneous: 30 } },
      labourers: {
        w: {
          arn,
          max_simultaneous_per_key: 2,
          max_invocations_per_minute: 120,
          resources: ['stats_db'],
        },
      },
    });
    expect(config.resources.stats_db).toEqual({ max_simultaneous: 30, health_metrics: {} });
    expect(toLabourer('w', config.labourers.w!, config, 60)).toMatchObject({
      perKeyCap: 2,
      rates: { perMinute: 120 },
      resources: ['stats_db'],
    });
    expect(() =>
      parseTaskConfig({
        resources: { stats_db: { max_simultaneous: 30 } },
        labourers: { w: { arn, resources: ['stats_db', 'cache'] } },
      }),
    ).toThrow(
      'task_config.labourers.w.resources[1]: names no resource of task_config.resources (declared: stats_db)',
    );
    expect(() => parseTaskConfig({ resources: { db: { max_simultaneous: 3, colour: 'red' } } })).toThrow(
      'task_config.resources.db.colour',
    );
    expect(() => parseTaskConfig({ labourers: { w: { arn, max_simultaneous_per_key: 0 } } })).toThrow(
      'task_config.labourers.w.max_simultaneous_per_key',
    );
  });

  it('works embedded in a service schema', () => {
    expect(taskConfigSchema.parse({}).labourers).toEqual({});
  });
});

describe('taskTableNames', () => {
  it('is the prefixed default names without config', () => {
    expect(taskTableNames(undefined, 'dev_')).toEqual({
      tasks: 'dev_sosw_tasks',
      closed: 'dev_sosw_closed_tasks',
      retry: 'dev_sosw_retry_tasks',
      meta: 'dev_sosw_tasks_meta',
      dispatch: 'dev_sosw_dispatch',
    });
  });

  it('takes sosw config keys as exact names, without the prefix', () => {
    const config = parseTaskConfig({
      dynamo_db_config: { table_name: 'my_tasks', index_greenfield: 'sosw_tasks_greenfield' },
      sosw_closed_tasks_table: 'my_closed',
      sosw_retry_tasks_table: 'my_retry',
      meta_handler_config: { write_meta_to_ddb: true, dynamo_db_config: { table_name: 'my_meta' } },
    });
    expect(taskTableNames(config, 'dev_')).toEqual({
      tasks: 'my_tasks',
      closed: 'my_closed',
      retry: 'my_retry',
      meta: 'my_meta',
      dispatch: 'dev_sosw_dispatch',
    });
  });
});
