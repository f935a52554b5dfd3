import type { TopicTrigger } from '@sosw/worker';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Topic, type CfnSubscription, type ITopic, type Subscription } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { sourceResourceName, TOPIC_NAME_LIMIT } from './names.js';
import type { TriggerSourceProps } from './source-props.js';

/** SNS's AWS managed key: encryption at rest without a key of our own to pay for and manage. */
const SNS_MANAGED_KEY_ALIAS = 'alias/aws/sns';

/**
 * A topic trigger: the worker's function subscribed to an SNS topic. Unless the trigger names an existing
 * topic (`topicArn`), it makes the topic, `<stage>-<worker>-<name>` (the SDK knows the trigger by that
 * `-<name>` end), encrypted with SNS's AWS managed key and refusing publishers without TLS. SNS may invoke
 * the function for this topic only (a Lambda permission with the topic's ARN as source). The trigger's
 * `filterPolicy` goes to the subscription as written (scope: message attributes), so any SNS filter policy
 * works, `$or` and nested ones too.
 *
 * @example
 * const alerts = new TopicSource(this, 'Alerts', { settings, function: fn, trigger, namePrefix: 'dev-notifier', where: 'triggers[0] (alerts)' });
 * alerts.topic.grantPublish(producer);
 */
export class TopicSource extends Construct {
  /** The topic the worker is subscribed to: made here, or the one `topicArn` names. */
  readonly topic: ITopic;
  readonly subscription: Subscription;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<TopicTrigger>) {
    super(scope, id);
    const { trigger, where } = props;
    this.topic =
      trigger.topicArn === undefined
        ? new Topic(this, 'Topic', {
            topicName: sourceResourceName(props.namePrefix, trigger.name, TOPIC_NAME_LIMIT, {
              where,
              resource: 'an SNS topic name',
            }),
            masterKey: Alias.fromAliasName(this, 'ManagedKey', SNS_MANAGED_KEY_ALIAS),
            enforceSSL: true,
          })
        : Topic.fromTopicArn(this, 'Topic', trigger.topicArn);
    this.subscription = this.topic.addSubscription(new LambdaSubscription(props.function));
    if (trigger.filterPolicy !== undefined) {
      // CDK's typed filter builders cannot say every policy SNS accepts; the L1 takes the JSON as is.
      const cfn = this.subscription.node.defaultChild as CfnSubscription;
      cfn.filterPolicy = trigger.filterPolicy;
      cfn.filterPolicyScope = 'MessageAttributes';
    }
  }
}
