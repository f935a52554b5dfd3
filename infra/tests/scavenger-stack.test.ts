import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { arn, buildApp, policyStatements } from './helpers/app.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sosw-dead-letters';

describe('SoswScavenger', () => {
  it('may use exactly its tables and indexes, its logs, and the orchestrator (dispatch requests)', () => {
    const { stacks } = buildApp();
    expect(policyStatements(stacks.scavenger).map(({ actions, resource }) => [actions, resource])).toEqual([
      ['logs:CreateLogStream logs:PutLogEvents', '${EssentialLogsLogGroup.Arn}'],
      ['dynamodb:GetItem', arn('dynamodb', 'table/dev_config')],
      ['dynamodb:BatchGetItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_closed_tasks')],
      ['dynamodb:DeleteItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_retry_tasks')],
      ['dynamodb:Query', arn('dynamodb', 'table/dev_sosw_retry_tasks/index/labourer_id_greenfield')],
      ['dynamodb:DeleteItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks')],
      ['dynamodb:BatchWriteItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks_meta')],
      ['dynamodb:Query', arn('dynamodb', 'table/dev_sosw_tasks/index/sosw_tasks_greenfield')],
      ['lambda:InvokeFunction', arn('lambda', 'function:dev_sosw_orchestrator')],
    ]);
    const variables = Template.fromStack(stacks.scavenger).findResources('AWS::Lambda::Function');
    expect(JSON.stringify(variables)).not.toContain('SOSW_CONFIG');
    Template.fromStack(stacks.scavenger).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { SOSW_ORCHESTRATOR_NAME: 'dev_sosw_orchestrator' } },
    });
  });

  it('publishes to the dead-letter topic of the context, and tells its config where that is', () => {
    const { stacks } = buildApp({ deadLetterTopicArn: TOPIC });
    const sns = policyStatements(stacks.scavenger).filter(({ actions }) => actions.startsWith('sns:'));
    expect(sns.map(({ actions, resource }) => [actions, resource])).toEqual([['sns:Publish', TOPIC]]);
    Template.fromStack(stacks.scavenger).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { SOSW_CONFIG: JSON.stringify({ dead_letter_topic_arn: TOPIC }) } },
    });
  });
});
