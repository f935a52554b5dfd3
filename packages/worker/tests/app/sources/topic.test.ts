import { describe, expect, it } from 'vitest';
import { defineApp, UnclaimedEventError } from '../../../src/index.js';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { fixture } from '../../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger } from '../../helpers/factories.js';

describe('topic: an SNS message goes to its onTopic', () => {
  it('SNS: the Message to onTopic, with its subject and topic', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sns'), lambdaContext())).resolves.toBeUndefined();
    expect(calls).toEqual([
      {
        handler: 'topic',
        input: { level: 'warning', text: 'disk almost full' },
        detail: { subject: 'TestInvoke', topicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda' },
      },
    ]);
  });

  it('topics follow the same rule, by TopicArn', async () => {
    const seen: unknown[] = [];
    const handler = defineApp({ logger: recordingLogger() })
      .onTopic('alerts', (message) => {
        seen.push(message);
      })
      .handler();
    const event = fixture('sns');
    event.Records[0]!.Sns.TopicArn = 'arn:aws:sns:us-east-1:123456789012:monitoring-alerts';
    await handler(event);
    expect(seen).toHaveLength(1);
    event.Records[0]!.Sns.TopicArn = 'arn:aws:sns:us-east-1:123456789012:nonalerts';
    await expect(handler(event)).rejects.toBeInstanceOf(UnclaimedEventError);
  });
});
