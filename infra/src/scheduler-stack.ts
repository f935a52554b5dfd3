import { ENV_VARS } from '@sosw/core';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionArn } from './arns.js';
import { EssentialFunction } from './essential-function.js';
import { essentialStack, type EssentialStackProps } from './essential-stack.js';
import { removalPolicy } from './lambda-basics.js';
import { essentialFunctionName } from './naming.js';

/** Where in the bucket the scheduler keeps continuation files (its `s3_prefix`, set by this stack). */
export const CONTINUATION_PREFIX = 'sosw/scheduler';

/**
 * `SoswScheduler`: the scheduler Lambda, its S3 bucket for continuations and a queue for jobs that failed
 * all of Lambda's attempts.
 *
 * - The bucket blocks public access, refuses plain HTTP, encrypts with S3 managed keys and expires
 *   continuation files after `continuationExpiryDays` (a finished job deletes its own; a file left behind
 *   belongs to a job that was abandoned).
 * - The function gets `s3_bucket` and `s3_prefix` through `SOSW_CONFIG`, so the deployed config always
 *   names this bucket, and may read, write and delete objects under that prefix only.
 * - It may invoke itself (a continuation), by its fixed name: its own ARN would be a circular reference.
 *
 * @example
 * new SchedulerStack(app, { settings: soswSettings(app) });
 */
export class SchedulerStack extends Stack {
  readonly essential: EssentialFunction;
  readonly bucket: Bucket;
  readonly failedJobs: Queue;

  constructor(scope: Construct, props: EssentialStackProps) {
    super(scope, ...essentialStack('scheduler', props));
    const { settings } = props;
    this.bucket = new Bucket(this, 'Continuations', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-continuations',
          expiration: Duration.days(settings.continuationExpiryDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: removalPolicy(settings),
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds short-lived continuation files written and read by one Lambda role; ' +
        'CloudTrail records who did what, and access logs would need a bucket of their own.',
    });
    this.failedJobs = new Queue(this, 'FailedJobs', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedJobs).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead end of the scheduler: the Lambda on-failure destination of its jobs.',
    });

    const functionName = essentialFunctionName(settings.stage, 'scheduler');
    this.essential = new EssentialFunction(this, 'Essential', {
      settings,
      essential: 'scheduler',
      ...(props.code === undefined ? {} : { code: props.code }),
      environment: {
        [ENV_VARS.configOverride]: Stack.of(this).toJsonString({
          s3_bucket: this.bucket.bucketName,
          s3_prefix: CONTINUATION_PREFIX,
        }),
      },
      onFailure: new SqsDestination(this.failedJobs),
    });
    this.essential.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${CONTINUATION_PREFIX}/*`)],
      }),
    );
    this.essential.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [functionArn(this, functionName)],
      }),
    );
    Validations.of(this.essential.logs.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/${CONTINUATION_PREFIX}/*]`,
      reason:
        'Continuation files are named by job id and position; the wildcard covers the scheduler prefix only.',
    });
  }
}
