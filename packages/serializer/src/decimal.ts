import { InvalidDecimalError } from './errors.js';

// Plain decimal notation with an optional exponent: what Python's `str(Decimal(...))`, DynamoDB numbers and
// money columns produce. No NaN or Infinity: a decimal here is an exact finite amount.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A decimal number kept as its exact text: `new Decimal('12.3400')` serializes and comes back as
 * `'12.3400'`, trailing zeros and all, never passing through a binary float. It does no arithmetic on
 * purpose; hand `toString()` to a decimal library when you need to compute.
 *
 * @example
 * ```ts
 * const price = new Decimal('12.3400');
 * const back = deserialize(serialize({ price })) as { price: Decimal };
 * back.price.toString(); // '12.3400'
 * ```
 */
export class Decimal {
  /** The exact decimal text. */
  readonly value: string;

  /** @throws {InvalidDecimalError} when `value` is not a finite decimal number. */
  constructor(value: string) {
    if (!DECIMAL.test(value)) throw new InvalidDecimalError(value);
    this.value = value;
  }

  /** Whether `text` is a decimal this class accepts. */
  static isValid(text: string): boolean {
    return DECIMAL.test(text);
  }

  /** Same text, same decimal: `1.0` and `1.00` differ, as they do in the payload. */
  equals(other: Decimal): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }

  /** Outside the codec, a plain `JSON.stringify` writes the exact text as a string. */
  toJSON(): string {
    return this.value;
  }
}
