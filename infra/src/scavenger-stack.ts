import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ENV_VARS } from '@sosw/core';
import type { Construct } from 'constructs';
import { EssentialFunction } from './essential-function.js';
import { essentialStack, type EssentialStackProps } from './essential-stack.js';

/**
 * `SoswScavenger`: the scavenger Lambda, run every minute. With `deadLetterTopicArn` in the context it
 * may publish to that topic, and its config gets `dead_letter_topic_arn` through `SOSW_CONFIG`.
 *
 * @example
 * new ScavengerStack(app, { settings: soswSettings(app) });
 */
export class ScavengerStack extends Stack {
  readonly essential: EssentialFunction;

  constructor(scope: Construct, props: EssentialStackProps) {
    super(scope, ...essentialStack('scavenger', props));
    const topicArn = props.settings.deadLetterTopicArn;
    this.essential = new EssentialFunction(this, 'Essential', {
      settings: props.settings,
      essential: 'scavenger',
      ...(props.code === undefined ? {} : { code: props.code }),
      ...(topicArn === undefined
        ? {}
        : {
            environment: { [ENV_VARS.configOverride]: JSON.stringify({ dead_letter_topic_arn: topicArn }) },
          }),
    });
    if (topicArn !== undefined) {
      // PublishBatch is authorised as sns:Publish.
      this.essential.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: [topicArn] }),
      );
    }
  }
}
