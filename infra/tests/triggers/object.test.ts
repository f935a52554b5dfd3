import { describe, expect, it } from 'vitest';
import { InfraPropsError } from '../../src/index.js';
import { flatten, policyStatements } from '../helpers/app.js';
import { functionStatements, onlyResource, workerWith } from './helpers.js';

describe('an object trigger', () => {
  const { stack, template } = workerWith([
    {
      kind: 'object',
      name: 'uploads',
      bucket: 'shop-uploads',
      events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
      prefix: 'incoming/',
      suffix: '.csv',
    },
  ]);
  const notifications = onlyResource(template, 'Custom::S3BucketNotifications');

  it("writes the existing bucket's notifications unmanaged: merged with the bucket's other ones, not replacing them", () => {
    expect(notifications.BucketName).toBe('shop-uploads');
    // Managed false: CDK's handler keeps every notification this stack did not make (aws-cdk #15158, #29939).
    expect(notifications.Managed).toBe(false);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    // The handler that runs for it is CDK's, and merges: it reads the bucket's configuration and keeps the
    // notifications of others on create, update and delete.
    const handler = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      String((fn as { Properties: { Description?: string } }).Properties.Description).includes(
        'Custom::S3BucketNotifications',
      ),
    ) as { Properties: { Code: { ZipFile: string } } } | undefined;
    const code = handler?.Properties.Code.ZipFile ?? '';
    expect(code).toContain('handle_unmanaged(props["BucketName"]');
    expect(code).toContain(
      'existing_notifications = s3.get_bucket_notification_configuration(Bucket=bucket)',
    );
    expect(code).toContain('notifications[t] = external + incoming');
  });

  it('notifies the function of each declared event, filtered by prefix and suffix', () => {
    const { LambdaFunctionConfigurations: configurations } = notifications.NotificationConfiguration as {
      LambdaFunctionConfigurations: { Events: string[]; Filter: unknown; LambdaFunctionArn: never }[];
    };
    expect(configurations.map(({ Events }) => Events)).toEqual([
      ['s3:ObjectCreated:*'],
      ['s3:ObjectRemoved:Delete'],
    ]);
    for (const configuration of configurations) {
      expect(flatten(configuration.LambdaFunctionArn)).toBe('${WorkerFunction.Arn}');
      expect(configuration.Filter).toEqual({
        Key: {
          FilterRules: expect.arrayContaining([
            { Name: 'prefix', Value: 'incoming/' },
            { Name: 'suffix', Value: '.csv' },
          ]) as unknown,
        },
      });
    }
  });

  it('lets S3 invoke the function for this bucket in this account only; the handler touches this bucket only', () => {
    const permission = onlyResource(template, 'AWS::Lambda::Permission');
    expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' });
    expect(flatten(permission.SourceArn as never)).toBe('arn:${AWS::Partition}:s3:::shop-uploads');
    expect(flatten(permission.SourceAccount as never)).toBe('${AWS::AccountId}');
    expect(
      policyStatements(stack)
        .filter(({ roles }) => roles.includes('BucketNotificationsHandler'))
        .map(({ actions, resource }) => `${actions} -> ${resource}`),
    ).toEqual([
      's3:GetBucketNotification -> arn:${AWS::Partition}:s3:::shop-uploads',
      's3:PutBucketNotification -> arn:${AWS::Partition}:s3:::shop-uploads',
    ]);
    expect(functionStatements(stack)).toEqual([
      'logs:CreateLogStream logs:PutLogEvents -> ${WorkerLogsLogGroup.Arn}',
    ]);
  });

  it('leaves the filter out when neither prefix nor suffix is declared', () => {
    const { template: plain } = workerWith([
      { kind: 'object', name: 'all', bucket: 'shop-archive', events: ['s3:ObjectRestore:Completed'] },
    ]);
    const {
      LambdaFunctionConfigurations: [configuration],
    } = onlyResource(plain, 'Custom::S3BucketNotifications').NotificationConfiguration as {
      LambdaFunctionConfigurations: Record<string, unknown>[];
    };
    expect(configuration?.Events).toEqual(['s3:ObjectRestore:Completed']);
    expect(configuration).not.toHaveProperty('Filter');
  });

  it('refuses events S3 would find overlapping, and two triggers on one bucket', () => {
    expect(() =>
      workerWith([
        {
          kind: 'object',
          name: 'b',
          bucket: 'shop-uploads',
          events: ['s3:ObjectCreated:*', 's3:ObjectCreated:Put'],
        },
      ]),
    ).toThrow(
      new InfraPropsError(
        'triggers[0] (b).events: "s3:ObjectCreated:Put" is already covered by a "...:*" event of the same trigger; S3 refuses overlapping notifications, so keep one of them',
      ),
    );
    expect(() =>
      workerWith([
        { kind: 'object', name: 'a', bucket: 'shop-uploads', events: ['s3:ObjectCreated:*'] },
        { kind: 'object', name: 'b', bucket: 'shop-uploads', events: ['s3:ObjectRemoved:*'] },
      ]),
    ).toThrow(/triggers\[1\] \(b\)\.bucket: "shop-uploads" already has a trigger, triggers\[0\] \(a\)/);
  });
});
