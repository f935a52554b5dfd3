import { describe, expect, it } from 'vitest';
import { runWindow } from '../src/greenfield.js';
import { RunningLedger, stillRunning } from '../src/dispatch/running-ledger.js';

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
    ).toBe(2);
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
    expect(ledger.settle(['read'], [], window)).toBe(1);
    expect(ledger.taskIds()).toEqual(['newer']);
  });

  it('forgets a claim whose refused invoke was settled', () => {
    const ledger = new RunningLedger();
    ledger.add('refused', claimed);
    ledger.delete('refused');
    expect(ledger.size).toBe(0);
  });
});
