import { ConfigError, saveConfig } from '@sosw/core';
import { EcologyConfigError } from '@sosw/ecology';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ecologyConfigOf,
  loadOrchestratorConfig,
  orchestratorConfigSchema,
  orchestratorFunctionName,
} from '../src/config.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const where = () => ({ tableName: tables.names.config, env: 'config-test', variables: {} });

describe('orchestratorFunctionName', () => {
  it('is the Lambda function name, else sosw_orchestrator', () => {
    expect(orchestratorFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'dev_sosw_orchestrator' })).toBe(
      'dev_sosw_orchestrator',
    );
    expect(orchestratorFunctionName({})).toBe('sosw_orchestrator');
  });
});

describe('loadOrchestratorConfig', () => {
  it('merges the essential row (labourers) under the own row, with defaults', async () => {
    await saveConfig(
      'sosw_essential_config',
      { task_config: { labourers: { w: { arn: 'arn:w', max_simultaneous_invocations: 5 } } } },
      where(),
    );
    await saveConfig(
      'sosw_orchestrator_config',
      { invoke_concurrency: 4, init_clients: ['Task'], task_config: { labourers: { w: { duration: 30 } } } },
      where(),
    );

    const config = await loadOrchestratorConfig(where());

    expect(config.task_config.labourers.w).toMatchObject({
      arn: 'arn:w',
      max_simultaneous_invocations: 5,
      duration: 30,
      cooldown: 300,
    });
    expect(config.invoke_concurrency).toBe(4);
    expect(config).toMatchObject({
      refill_interval_ms: 500,
      invoke_refusals_before_failure: 5,
      schedule_period_seconds: 60,
      stop_before_timeout_seconds: 10,
    });
    expect(config.task_config.labourers.w?.dispatch).toBe('continuous');
    expect(config.init_clients).toEqual(['Task']); // sosw's keys are tolerated
  });

  it('rejects a bad field with its path', async () => {
    await expect(
      loadOrchestratorConfig({
        ...where(),
        functionName: 'bad_orchestrator',
        overrides: { invoke_concurrency: 0, task_config: { labourers: { w: { arn: 'a', colour: 'red' } } } },
      }),
    ).rejects.toSatisfy(
      (error) =>
        error instanceof ConfigError &&
        error.issues.some((issue) => issue.path === 'invoke_concurrency') &&
        error.message.includes('task_config.labourers.w.colour: unknown field'),
    );
  });
});

describe('ecologyConfigOf', () => {
  it('defaults to the ecology defaults', () => {
    expect(ecologyConfigOf(orchestratorConfigSchema.parse({}))).toEqual({
      statusWhenNoData: 2,
      budgetCoefficients: { 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 },
    });
  });

  it('takes sosw invocation_number_coefficient, under ecology_config.budget_coefficients', () => {
    const config = orchestratorConfigSchema.parse({
      invocation_number_coefficient: { '2': 0.2, '3': 0.6 },
      ecology_config: { status_when_no_data: 0, budget_coefficients: { '3': 0.9 } },
    });
    expect(ecologyConfigOf(config)).toEqual({
      statusWhenNoData: 0,
      budgetCoefficients: { 0: 0, 1: 0, 2: 0.2, 3: 0.9, 4: 1 },
    });
  });

  it('rejects a bad ecology config naming the field', () => {
    expect(() =>
      ecologyConfigOf(orchestratorConfigSchema.parse({ ecology_config: { status_when_no_data: 7 } })),
    ).toThrow(EcologyConfigError);
    expect(() => ecologyConfigOf(orchestratorConfigSchema.parse({ ecology_config: { colour: 1 } }))).toThrow(
      /ecology_config\.colour: unknown field/,
    );
  });
});
