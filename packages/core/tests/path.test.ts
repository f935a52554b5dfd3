import { describe, expect, it } from 'vitest';
import { formatPath } from '../src/index.js';

describe('formatPath', () => {
  it('joins keys with dots', () => {
    expect(formatPath(['task_config', 'labourers', 'x', 'max_attempts'])).toBe(
      'task_config.labourers.x.max_attempts',
    );
  });

  it('writes array indexes in brackets', () => {
    expect(formatPath(['health_metrics', 0, 'name'])).toBe('health_metrics[0].name');
    expect(formatPath([2, 'a'])).toBe('[2].a');
  });

  it('keeps dashed labourer ids readable', () => {
    expect(formatPath(['labourers', 'my-worker', 'arn'])).toBe('labourers.my-worker.arn');
  });

  it('quotes keys a dot would make ambiguous', () => {
    expect(formatPath(['labourers', 'a.b', 'arn'])).toBe('labourers["a.b"].arn');
    expect(formatPath(['with space'])).toBe('["with space"]');
  });

  it('names the root', () => {
    expect(formatPath([])).toBe('(root)');
  });
});
