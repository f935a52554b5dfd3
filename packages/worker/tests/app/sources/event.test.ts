import { describe, expect, it } from 'vitest';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { fixture } from '../../helpers/event-fixtures.js';
import { lambdaContext } from '../../helpers/factories.js';

describe('event: an EventBridge event goes to the first onEvent whose pattern matches', () => {
  it('EventBridge: each event to the handler whose pattern matches it, detail schema-parsed', async () => {
    const { handler, calls } = everySourceApp();
    await handler(fixture('eventbridge-ec2'), lambdaContext());
    await handler(fixture('eventbridge-custom'), lambdaContext());
    await handler(fixture('eventbridge-scheduled'), lambdaContext());
    expect(calls).toEqual([
      { handler: 'ec2-state', input: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' } },
      { handler: 'order-placed', input: { orderId: 'o-42', amount: 250 }, detail: 'OrderPlaced' },
      { handler: 'legacy-rule', input: ['arn:aws:events:us-east-2:123456789012:rule/my-schedule'] },
    ]);
  });
});
