import { describe, expect, it } from 'vitest';
import { runWindow } from '../src/greenfield.js';
import { UNKEYED } from '../src/dispatch/admission.js';
import { claimSecond, RunningLedger, stillRunning } from '../src/dispatch/running-ledger.js';

const window = runWindow(1_000_000, { duration: 60, cooldown: 0 });
const claimed = window.invoked;

describe('stillRunning', () => {
  it('runs while the row carries the claim, uncompleted and unexpired', () => {
    expect(stillRunning(claimed, { task_id: 't', greenfield: claimed }, window)).toBe(true);
  });
  it.each([
    ['completed', { task_id: 't', greenfield: claimed, completed_at: 1 }],
    ['failed (moved to expired)', { task_id: 't', greenfield: window.expired }],
    ['rolled back', { task_id: 't', greenfield: 5000 }],
    ['claimed again later', { task_id: 't', greenfield: claimed + 7 }],
    ['gone from the table', undefined],
  ])('is over once %s', (_, row) => {
    expect(stillRunning(claimed, row, window)).toBe(false);
  });
  it('is over once expired, whatever the row says', () => {
    const later = runWindow(1_000_000 + 61, { duration: 60, cooldown: 0 });
    expect(stillRunning(claimed, { task_id: 't', greenfield: claimed }, later)).toBe(false);
  });
});

describe('RunningLedger', () => {
  it('counts claims until a consistent read shows them over, and says how many slots freed', () => {
    const ledger = new RunningLedger();
    ledger.add('a', claimed);
    ledger.add('b', claimed);
    ledger.add('c', claimed);
    expect(
      ledger.settle(
        ['a', 'b', 'c'],
        [
          { task_id: 'a', greenfield: claimed, completed_at: 1 },
          { task_id: 'b', greenfield: claimed },
          // c: no row
        ],
        window,
      ),
    ).toEqual({ freed: 2, completed: 1, throttledClaimMs: [] });
    expect(ledger.taskIds()).toEqual(['b']);
  });

  it('adopts what the index shows running, and never forgets a claim because the index lacks it', () => {
    const ledger = new RunningLedger();
    ledger.add('mine', claimed);
    ledger.adopt(
      [
        { task_id: 'theirs', greenfield: claimed - 5 },
        { task_id: 'done', greenfield: claimed, completed_at: 3 },
      ],
      window,
    );
    expect(ledger.taskIds().sort()).toEqual(['mine', 'theirs']);
  });

  it('judges only the claims it read: one counted while the read was on its way stays', () => {
    const ledger = new RunningLedger();
    ledger.add('read', claimed);
    ledger.add('newer', claimed);
    expect(ledger.settle(['read'], [], window).freed).toBe(1);
    expect(ledger.taskIds()).toEqual(['newer']);
  });

  it('forgets a claim whose refused invoke was settled', () => {
    const ledger = new RunningLedger();
    ledger.add('refused', claimed);
    ledger.delete('refused');
    expect(ledger.size).toBe(0);
  });
});

describe('RunningLedger, keys and endings', () => {
  it('counts running tasks by key, the unkeyed ones under one key', () => {
    const ledger = new RunningLedger();
    ledger.add('a1', claimed, 'a');
    ledger.add('a2', claimed, 'a');
    ledger.add('n1', claimed);
    ledger.adopt([{ task_id: 'b1', greenfield: claimed, concurrency_key: 'b' }], window);
    expect(Object.fromEntries(ledger.runningByKey())).toEqual({ a: 2, b: 1, [UNKEYED]: 1 });
  });

  it('tells a throttled ending (back in the queue, throttled after the claim) from a failure or an old throttle', () => {
    const ledger = new RunningLedger();
    const claimedAt = claimSecond(claimed);
    ledger.add('throttled', claimed, undefined, claimedAt * 1000 + 250);
    ledger.add('failed', claimed);
    ledger.add('throttled-before', claimed);
    const settled = ledger.settle(
      ['throttled', 'failed', 'throttled-before'],
      [
        { task_id: 'throttled', greenfield: 3000, throttled_at: claimedAt + 0.5 },
        { task_id: 'failed', greenfield: window.expired },
        // Throttled in an earlier attempt, failed in this one.
        { task_id: 'throttled-before', greenfield: window.expired, throttled_at: claimedAt - 30 },
      ],
      window,
    );
    expect(settled).toEqual({ freed: 3, completed: 0, throttledClaimMs: [claimedAt * 1000 + 250] });
  });
});
