import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CONTINUATION_PREFIX } from '../src/index.js';
import { arn, buildApp, policyStatements } from './helpers/app.js';

describe('SoswScheduler', () => {
  const { stacks } = buildApp();
  const template = Template.fromStack(stacks.scheduler);

  it('may use exactly its tables and index, its bucket prefix, its failure queue, itself, the orchestrator and its logs', () => {
    expect(policyStatements(stacks.scheduler).map(({ actions, resource }) => [actions, resource])).toEqual([
      ['s3:DeleteObject s3:GetObject s3:PutObject', `\${Continuations.Arn}/${CONTINUATION_PREFIX}/*`],
      ['logs:CreateLogStream logs:PutLogEvents', '${EssentialLogsLogGroup.Arn}'],
      ['sqs:GetQueueAttributes sqs:GetQueueUrl sqs:SendMessage', '${FailedJobs.Arn}'],
      ['dynamodb:GetItem', arn('dynamodb', 'table/dev_config')],
      ['dynamodb:ConditionCheckItem', arn('dynamodb', 'table/dev_sosw_closed_tasks')],
      // Fair share: the flows' rows, and the tasks they name.
      ['dynamodb:BatchGetItem dynamodb:UpdateItem', arn('dynamodb', 'table/dev_sosw_dispatch')],
      ['dynamodb:ConditionCheckItem', arn('dynamodb', 'table/dev_sosw_retry_tasks')],
      ['dynamodb:BatchGetItem dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks')],
      ['dynamodb:PutItem', arn('dynamodb', 'table/dev_sosw_tasks_meta')],
      ['dynamodb:Query', arn('dynamodb', 'table/dev_sosw_tasks/index/sosw_tasks_greenfield')],
      // Dispatch requests for the tasks it creates.
      ['lambda:InvokeFunction', arn('lambda', 'function:dev_sosw_orchestrator')],
      ['lambda:InvokeFunction', arn('lambda', 'function:dev_sosw_scheduler')],
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { SOSW_ORCHESTRATOR_NAME: 'dev_sosw_orchestrator' } },
    });
  });

  it('keeps continuations in a private, TLS-only, encrypted bucket that expires them', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire-continuations',
              Status: 'Enabled',
              ExpirationInDays: 7,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ],
        },
      },
      DeletionPolicy: 'Retain',
    });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    // enforceSSL: deny any request without TLS, and below TLS 1.2.
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(policy).toContain('"s3:TlsVersion":1.2');
  });

  it('expires continuations after the days of the context', () => {
    Template.fromStack(buildApp({ continuationExpiryDays: '2' }).stacks.scheduler).hasResourceProperties(
      'AWS::S3::Bucket',
      {
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 2 }] },
      },
    );
  });

  it('tells the scheduler its bucket and prefix through SOSW_CONFIG', () => {
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    const config = JSON.stringify(fn!.Properties.Environment.Variables.SOSW_CONFIG);
    expect(config).toContain('"s3_bucket');
    expect(config).toContain(`s3_prefix\\":\\"${CONTINUATION_PREFIX}`);
    expect(config).toMatch(/"Ref":"Continuations[0-9A-F]{8}"/);
  });

  it('sends a job that failed all its attempts to an encrypted, TLS-only queue', () => {
    const queueIds = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queueIds).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueIds[0], 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    expect(JSON.stringify(template.findResources('AWS::SQS::QueuePolicy'))).toContain(
      '"aws:SecureTransport":"false"',
    );
  });
});
