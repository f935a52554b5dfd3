import { describe, expect, it } from 'vitest';
import { arn, buildApp, policyStatements } from './helpers/app.js';

describe('SoswOrchestrator', () => {
  const { stacks } = buildApp();

  it('may use exactly its tables and indexes, its logs, and CloudWatch metrics', () => {
    expect(policyStatements(stacks.orchestrator).map(({ actions, resource }) => [actions, resource])).toEqual(
      [
        ['cloudwatch:GetMetricData', '*'],
        ['logs:CreateLogStream logs:PutLogEvents', '${EssentialLogsLogGroup.Arn}'],
        ['dynamodb:GetItem', arn('dynamodb', 'table/dev_config')],
        ['dynamodb:GetItem dynamodb:PutItem dynamodb:UpdateItem', arn('dynamodb', 'table/dev_sosw_dispatch')],
        ['dynamodb:BatchGetItem dynamodb:UpdateItem', arn('dynamodb', 'table/dev_sosw_tasks')],
        ['dynamodb:BatchWriteItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks_meta')],
        ['dynamodb:Query', arn('dynamodb', 'table/dev_sosw_tasks/index/sosw_tasks_greenfield')],
      ],
    );
  });

  it('gets no Lambda rights here: each labourer grants them from its own stack', () => {
    expect(
      policyStatements(stacks.orchestrator).filter(({ actions }) => actions.includes('lambda:')),
    ).toEqual([]);
  });

  it('follows the table prefix of the context', () => {
    const { stacks: prod } = buildApp({ stage: 'prod', tablePrefix: 'p-' });
    const resources = policyStatements(prod.orchestrator).map(({ resource }) => resource);
    expect(resources).toContain(arn('dynamodb', 'table/p-sosw_tasks'));
    expect(resources.filter((resource) => resource.includes('dev_'))).toEqual([]);
  });
});
