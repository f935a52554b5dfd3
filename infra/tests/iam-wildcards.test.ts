import { describe, expect, it } from 'vitest';
import { allStacks, buildApp, policyStatements } from './helpers/app.js';

describe('IAM across every stack', () => {
  const built = buildApp({
    alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:sosw-alarms',
    deadLetterTopicArn: 'arn:aws:sns:eu-west-1:123456789012:sosw-dead',
  });
  const all = allStacks(built).flatMap((stack) =>
    policyStatements(stack).map((statement) => ({ stack: stack.stackName, ...statement })),
  );

  it('grants "*" to nothing but cloudwatch:GetMetricData', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(
      all.filter(({ resource }) => resource === '*').map(({ stack, actions }) => [stack, actions]),
    ).toEqual([['SoswOrchestrator-dev', 'cloudwatch:GetMetricData']]);
  });

  it('grants no action wildcard, and no resource wildcard but S3 objects under the scheduler prefix', () => {
    expect(all.filter(({ actions }) => actions.includes('*'))).toEqual([]);
    expect(
      all
        .filter(({ resource }) => resource !== '*' && resource.includes('*'))
        .map(({ stack, resource }) => [stack, resource]),
    ).toEqual([['SoswScheduler-dev', '${Continuations.Arn}/sosw/scheduler/*']]);
  });

  it('reaches only tables of its own stage', () => {
    const tables = all
      .filter(({ resource }) => resource.includes(':dynamodb:'))
      .map(({ resource }) => resource);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables)
      expect(table).toMatch(/:table\/dev_(sosw_[a-z_]+|config)(\/index\/[a-z_]+)?$/);
  });
});
