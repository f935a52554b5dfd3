import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseTaskConfig } from '../src/labourer-config.js';
import { FALLBACK_DURATION_SECONDS, resolveLabourers } from '../src/labourer.js';
import { mockedLambda, RecordingLogger } from './helpers/factories.js';

const { lambda, lambdaMock } = mockedLambda();
const arnOf = (name: string) => `arn:aws:lambda:us-west-2:000000000000:function:${name}`;

beforeEach(() => {
  lambdaMock.reset();
});

describe('resolveLabourers', () => {
  it('resolves camelCase labourers with the Lambda timeout as duration, one call per labourer', async () => {
    lambdaMock
      .on(GetFunctionConfigurationCommand, { FunctionName: arnOf('a') })
      .resolves({ Timeout: 120 })
      .on(GetFunctionConfigurationCommand, { FunctionName: arnOf('b') })
      .resolves({ Timeout: 45 });
    const config = parseTaskConfig({
      labourers: {
        a: { arn: arnOf('a'), max_simultaneous_invocations: 5 },
        b: { arn: arnOf('b'), cooldown: 10 },
      },
    });
    const labourers = await resolveLabourers(config, { lambda, logger: new RecordingLogger() });
    expect(labourers).toEqual([
      {
        id: 'a',
        arn: arnOf('a'),
        maxSimultaneousInvocations: 5,
        maxAttempts: 3,
        duration: 120,
        cooldown: 300,
        healthMetrics: {},
        dispatch: 'continuous',
      },
      {
        id: 'b',
        arn: arnOf('b'),
        maxSimultaneousInvocations: 1,
        maxAttempts: 3,
        duration: 45,
        cooldown: 10,
        healthMetrics: {},
        dispatch: 'continuous',
      },
    ]);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(2);
  });

  it('does not ask Lambda for a labourer whose config gives a duration', async () => {
    const config = parseTaskConfig({ labourers: { a: { arn: arnOf('a'), duration: 30 } } });
    const [a] = await resolveLabourers(config, { lambda });
    expect(a?.duration).toBe(30);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(0);
  });

  it('falls back to 900 with a warning when the timeout cannot be read', async () => {
    lambdaMock
      .on(GetFunctionConfigurationCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const logger = new RecordingLogger();
    const [a] = await resolveLabourers(parseTaskConfig({ labourers: { a: { arn: arnOf('a') } } }), {
      lambda,
      logger,
    });
    expect(a?.duration).toBe(FALLBACK_DURATION_SECONDS);
    expect(FALLBACK_DURATION_SECONDS).toBe(900);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.extra).toMatchObject({
      labourer_id: 'a',
      error: 'AccessDeniedException: denied',
    });
  });

  it('falls back to 900 when the configuration has no Timeout', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({});
    const logger = new RecordingLogger();
    const [a] = await resolveLabourers(parseTaskConfig({ labourers: { a: { arn: arnOf('a') } } }), {
      lambda,
      logger,
    });
    expect(a?.duration).toBe(900);
    expect(logger.warnings).toHaveLength(1);
  });
});
