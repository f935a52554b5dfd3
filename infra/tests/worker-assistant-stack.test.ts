import { describe, expect, it } from 'vitest';
import { arn, buildApp, policyStatements } from './helpers/app.js';

describe('SoswWorkerAssistant', () => {
  it('may use exactly its tables and its logs', () => {
    const { stacks } = buildApp();
    expect(
      policyStatements(stacks.workerAssistant).map(({ actions, resource }) => [actions, resource]),
    ).toEqual([
      ['logs:CreateLogStream logs:PutLogEvents', '${EssentialLogsLogGroup.Arn}'],
      ['dynamodb:GetItem', arn('dynamodb', 'table/dev_config')],
      ['dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_closed_tasks')],
      ['dynamodb:DeleteItem dynamodb:GetItem dynamodb:UpdateItem', arn('dynamodb', 'table/dev_sosw_tasks')],
      ['dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks_meta')],
    ]);
  });

  it('never touches the retry table or an index', () => {
    const { stacks } = buildApp();
    const resources = policyStatements(stacks.workerAssistant).map(({ resource }) => resource);
    expect(
      resources.filter((resource) => resource.includes('retry') || resource.includes('/index/')),
    ).toEqual([]);
  });
});
