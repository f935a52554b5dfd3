import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  essentialFunctionName,
  InfraContextError,
  labourerFunctionName,
  soswSettings,
  stackName,
  workerStackId,
} from '../src/index.js';
import { settingsFrom } from './helpers/app.js';

describe('settings from the context', () => {
  it('defaults to stage dev, prefix dev_, env production, deletion protection on', () => {
    expect(settingsFrom()).toEqual({
      stage: 'dev',
      tablePrefix: 'dev_',
      configEnv: 'production',
      deletionProtection: true,
      logRetentionDays: RetentionDays.ONE_MONTH,
      continuationExpiryDays: 7,
      alarmTopicArn: undefined,
      deadLetterTopicArn: undefined,
    });
  });

  it('derives the table prefix from the stage, and takes an explicit one, even empty', () => {
    expect(settingsFrom({ stage: 'prod' }).tablePrefix).toBe('prod_');
    expect(settingsFrom({ stage: 'prod', tablePrefix: '' }).tablePrefix).toBe('');
    expect(settingsFrom({ tablePrefix: 'team.a-' }).tablePrefix).toBe('team.a-');
  });

  it('reads -c strings and cdk.json values alike', () => {
    const fromCli = settingsFrom({
      deletionProtection: 'false',
      logRetentionDays: '14',
      continuationExpiryDays: '3',
    });
    const fromJson = settingsFrom({
      deletionProtection: false,
      logRetentionDays: 14,
      continuationExpiryDays: 3,
    });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli.deletionProtection).toBe(false);
    expect(fromCli.logRetentionDays).toBe(RetentionDays.TWO_WEEKS);
    expect(fromCli.continuationExpiryDays).toBe(3);
  });

  it('reads the context of an app', () => {
    const app = new App({ context: { stage: 'qa', configEnv: 'staging' } });
    expect(soswSettings(app)).toMatchObject({ stage: 'qa', tablePrefix: 'qa_', configEnv: 'staging' });
  });

  it.each([
    ['stage', 'Prod', /context "stage": "Prod" is not a stage name/],
    ['stage', 'dev_1', /is not a stage name/],
    ['stage', 'a-very-long-stage-name', /is not a stage name/],
    ['tablePrefix', 'dev sosw', /context "tablePrefix": "dev sosw" cannot start a DynamoDB table name/],
    ['deletionProtection', 'yes', /context "deletionProtection": expected true or false, got "yes"/],
    [
      'logRetentionDays',
      '10',
      /context "logRetentionDays": CloudWatch Logs cannot keep logs for 10 days; use one of 1, 3, 5, 7, 14/,
    ],
    ['logRetentionDays', '0', /expected a whole number of days, at least 1, got "0"/],
    ['continuationExpiryDays', 2.5, /context "continuationExpiryDays": expected a whole number of days/],
    ['configEnv', 'my env', /context "configEnv": "my env" is not a config env/],
    ['alarmTopicArn', 'alarms', /context "alarmTopicArn": "alarms" is not an SNS topic ARN/],
    ['stage', 7, /context "stage": expected a string, got 7/],
  ])('rejects %s = %j, naming the key', (key, value, message) => {
    const attempt = () => settingsFrom({ [key]: value });
    expect(attempt).toThrow(InfraContextError);
    expect(attempt).toThrow(message);
  });

  it('takes SNS topic ARNs, FIFO ones included, and treats an empty one as none', () => {
    const arn = 'arn:aws:sns:eu-west-1:123456789012:sosw-dead.fifo';
    expect(settingsFrom({ deadLetterTopicArn: arn }).deadLetterTopicArn).toBe(arn);
    expect(settingsFrom({ alarmTopicArn: '' }).alarmTopicArn).toBeUndefined();
  });
});

describe('names', () => {
  it('put the stage in every stack, function and role name', () => {
    expect(stackName('SoswTables', 'prod')).toBe('SoswTables-prod');
    expect(essentialFunctionName('prod', 'orchestrator')).toBe('prod_sosw_orchestrator');
    expect(essentialFunctionName('dev', 'worker-assistant')).toBe('dev_sosw_worker_assistant');
    expect(labourerFunctionName('dev', 'importer')).toBe('dev_importer');
    expect(workerStackId('importer')).toBe('SoswWorker-importer');
  });

  it('fit the longest stage into the 64 characters of a function and role name', () => {
    expect(essentialFunctionName('a'.repeat(16), 'worker-assistant').length).toBeLessThanOrEqual(64);
  });
});
