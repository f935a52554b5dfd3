import type { TransactAction } from '@sosw/dynamo-client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSACTION_LIMITS, groupItems, itemVerdicts } from '../src/transaction-groups.js';

const action = (id: string): TransactAction => ({ type: 'delete', table: 't', key: { task_id: id } });
const item = (id: string, actions = 3) => ({
  id,
  actions: Array.from({ length: actions }, () => action(id)),
});

describe('groupItems', () => {
  it('packs 33 tasks of 3 actions per transaction, never splitting a task', () => {
    const items = Array.from({ length: 70 }, (_, i) => item(`t${i}`));
    expect(groupItems(items).map((group) => group.length)).toEqual([33, 33, 4]);
    expect(groupItems(items).flat()).toEqual(items);
  });

  it('closes a transaction when the next task would pass the size budget', () => {
    const items = [item('a'), item('b'), item('c')];
    const groups = groupItems(items, { maxActions: 100, maxBytes: 250 }, () => 40);
    expect(groups.map((group) => group.map((i) => i.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('sends a task too large to share alone, rather than never', () => {
    const groups = groupItems([item('a'), item('big'), item('c')], { maxActions: 100, maxBytes: 100 }, (a) =>
      a.type === 'delete' && a.key.task_id === 'big' ? 1000 : 10,
    );
    expect(groups.map((group) => group.map((i) => i.id))).toEqual([['a'], ['big'], ['c']]);
  });

  it('keeps to 100 actions by default', () => {
    expect(DEFAULT_TRANSACTION_LIMITS.maxActions).toBe(100);
  });
});

describe('itemVerdicts', () => {
  const items = [item('a', 2), item('b', 2), item('c', 2), item('d', 2)];

  it('maps each action reason back to its task', () => {
    expect(
      itemVerdicts(items, [
        'None',
        'None',
        'None',
        'ConditionalCheckFailed',
        'TransactionConflict',
        'None',
        'ValidationError',
        'None',
      ]),
    ).toEqual(['ok', 'condition_failed', 'retry', 'refused']);
  });

  it('lets a failed condition win over a conflict in the same task', () => {
    expect(itemVerdicts([item('a', 2)], ['TransactionConflict', 'ConditionalCheckFailed'])).toEqual([
      'condition_failed',
    ]);
  });
});
