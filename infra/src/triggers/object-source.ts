import type { ObjectTrigger } from '@sosw/worker';
import { Stack, Validations } from 'aws-cdk-lib';
import { Bucket, EventType, type IBucket, type NotificationKeyFilter } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct, type IConstruct } from 'constructs';
import { InfraPropsError } from '../errors.js';
import type { TriggerSourceProps } from './source-props.js';

type ObjectEvent = ObjectTrigger['events'][number];

/** The trigger's S3 event names as CDK's `EventType`s (the same strings; the map keeps them in step). */
const EVENT_TYPES: Readonly<Record<ObjectEvent, EventType>> = {
  's3:ObjectCreated:*': EventType.OBJECT_CREATED,
  's3:ObjectCreated:Put': EventType.OBJECT_CREATED_PUT,
  's3:ObjectCreated:Post': EventType.OBJECT_CREATED_POST,
  's3:ObjectCreated:Copy': EventType.OBJECT_CREATED_COPY,
  's3:ObjectCreated:CompleteMultipartUpload': EventType.OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD,
  's3:ObjectRemoved:*': EventType.OBJECT_REMOVED,
  's3:ObjectRemoved:Delete': EventType.OBJECT_REMOVED_DELETE,
  's3:ObjectRemoved:DeleteMarkerCreated': EventType.OBJECT_REMOVED_DELETE_MARKER_CREATED,
  's3:ObjectRestore:*': EventType.OBJECT_RESTORE,
  's3:ObjectRestore:Completed': EventType.OBJECT_RESTORE_COMPLETED,
};

/** The construct id CDK gives its one S3 notifications handler per stack (a singleton Lambda). */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * An object trigger: S3 event notifications from an existing bucket to the worker's function, one per
 * event type, each with the trigger's prefix and suffix filter.
 *
 * A bucket has one notification configuration, and other stacks and people add to it too. CDK writes the
 * configuration of an imported bucket (`Bucket.fromBucketName`) through its custom resource
 * `Custom::S3BucketNotifications` with `Managed: false`: the handler reads the bucket's configuration,
 * keeps every notification this stack did not make, and adds or replaces only this stack's own; deleting
 * the stack removes only those (aws-cdk PRs #15158 and #29939). S3 may invoke the function for this bucket
 * in this account only (a Lambda permission with the bucket as source ARN and the account as source
 * account); the handler's role may get and put this bucket's notification configuration only.
 *
 * @throws InfraPropsError when the trigger's events overlap (`s3:ObjectCreated:*` with
 * `s3:ObjectCreated:Put`): S3 refuses overlapping configurations for one prefix
 *
 * @example
 * new ObjectSource(this, 'Uploads', { settings, function: fn, trigger, namePrefix: 'dev-importer', where: 'triggers[0] (uploads)' });
 */
export class ObjectSource extends Construct {
  readonly bucket: IBucket;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<ObjectTrigger>) {
    super(scope, id);
    const { trigger, where } = props;
    const overlapping = trigger.events.find((event) =>
      trigger.events.some(
        (other) => other !== event && other.endsWith(':*') && event.startsWith(other.slice(0, -1)),
      ),
    );
    if (overlapping !== undefined) {
      throw new InfraPropsError(
        `${where}.events: "${overlapping}" is already covered by a "...:*" event of the same trigger; ` +
          'S3 refuses overlapping notifications, so keep one of them',
      );
    }
    this.bucket = Bucket.fromBucketName(this, 'Bucket', trigger.bucket);
    // CDK refuses an empty filter: no prefix and no suffix is no filter at all.
    const filters: NotificationKeyFilter[] =
      trigger.prefix === undefined && trigger.suffix === undefined
        ? []
        : [
            {
              ...(trigger.prefix === undefined ? {} : { prefix: trigger.prefix }),
              ...(trigger.suffix === undefined ? {} : { suffix: trigger.suffix }),
            },
          ];
    const destination = new LambdaDestination(props.function);
    for (const event of new Set(trigger.events)) {
      this.bucket.addEventNotification(EVENT_TYPES[event], destination, ...filters);
    }
    acknowledgeNotificationsHandler(Stack.of(this).node.tryFindChild(NOTIFICATIONS_HANDLER_ID));
  }
}

/**
 * CDK's notifications handler is AWS's code, not ours: its role carries the AWS managed
 * `AWSLambdaBasicExecutionRole`, which cdk-nag reports. The acknowledgment sits on the handler only.
 */
function acknowledgeNotificationsHandler(handler: IConstruct | undefined): void {
  if (handler === undefined) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's S3 bucket notifications handler (a custom resource of aws-cdk-lib) creates its own role with " +
      'the AWS managed basic execution policy; its S3 permissions are on the configured buckets only.',
  });
}
