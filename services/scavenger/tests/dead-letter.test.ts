import { describe, expect, it } from 'vitest';
import { deadLetterMessage, publishBatchEntries } from '../src/dead-letter.js';

const message = deadLetterMessage(
  { task_id: 't/1 ü', labourer_id: 'worker', attempts: 3, closed_at: 1_700_000_000 },
  'no attempts left (3 made)',
);

describe('dead-letter messages', () => {
  it('carry the task, its labourer, attempts, the reason and when it was closed', () => {
    expect(message).toEqual({
      task_id: 't/1 ü',
      labourer_id: 'worker',
      attempts: 3,
      reason: 'no attempts left (3 made)',
      closed_at: 1_700_000_000,
    });
  });

  it('become batch entries with ids SNS accepts, whatever the task id', () => {
    const entries = publishBatchEntries(
      [message, { ...message, task_id: 't2' }],
      'arn:aws:sns:us-east-1:1:dead',
    );
    expect(entries.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(JSON.parse(entries[0]!.Message!)).toEqual(message);
    expect(entries[0]).not.toHaveProperty('MessageGroupId');
    expect(entries[0]!.MessageAttributes).toEqual({
      labourer_id: { DataType: 'String', StringValue: 'worker' },
    });
  });

  it('get a group and a deduplication id on a FIFO topic', () => {
    const [entry] = publishBatchEntries([message], 'arn:aws:sns:us-east-1:1:dead.fifo');
    expect(entry!.MessageGroupId).toBe('worker');
    expect(entry!.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    const [again] = publishBatchEntries([message], 'arn:aws:sns:us-east-1:1:dead.fifo');
    expect(again!.MessageDeduplicationId).toBe(entry!.MessageDeduplicationId);
  });
});
