import { describe, expect, it } from 'vitest';
import { Decimal, InvalidDecimalError, deserialize, serialize } from '../src/index.js';

describe('Decimal', () => {
  it.each([
    '0',
    '-0',
    '12.3400',
    '+1',
    '1.',
    '.5',
    '1.5E+3',
    '-2e-10',
    '123456789012345678901234567890.000000001',
  ])('keeps %s exactly, through serialize and deserialize', (text) => {
    const back = deserialize(serialize({ amount: new Decimal(text) })) as { amount: Decimal };
    expect(back.amount).toBeInstanceOf(Decimal);
    expect(back.amount.toString()).toBe(text);
  });

  it.each(['', ' 1', '1 ', '1,5', 'NaN', 'Infinity', '0x10', '1e', '--1', '.', 'e5'])(
    'rejects %j',
    (text) => {
      expect(() => new Decimal(text)).toThrow(InvalidDecimalError);
    },
  );

  it('compares by exact text', () => {
    expect(new Decimal('1.0').equals(new Decimal('1.0'))).toBe(true);
    expect(new Decimal('1.0').equals(new Decimal('1.00'))).toBe(false);
  });

  it('writes its exact text as a plain string under plain JSON.stringify', () => {
    expect(JSON.stringify({ price: new Decimal('9.90') })).toBe('{"price":"9.90"}');
  });
});
