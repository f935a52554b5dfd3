import { Codec, type Decimal } from '../../src/index.js';

/** A registered class holding a decimal: a value object as a business payload would carry one. */
export class Money {
  constructor(
    readonly currency: string,
    readonly amount: Decimal,
  ) {}
}

/** A registered class that holds anything, so registered instances can nest any value and each other. */
export class Box {
  constructor(readonly contents: unknown) {}
}

/** Never registered. */
export class Stranger {
  readonly secret = 42;
}

/** A fresh codec that knows Money and Box; each test file gets its own registry. */
export function codecWithClasses(): Codec {
  return new Codec()
    .register('Money', Money, {
      toJSON: (money) => ({ currency: money.currency, amount: money.amount }),
      fromJSON: (json) => {
        const { currency, amount } = json as { currency: string; amount: Decimal };
        return new Money(currency, amount);
      },
    })
    .register('Box', Box, {
      toJSON: (box) => ({ contents: box.contents }),
      fromJSON: (json) => new Box((json as { contents: unknown }).contents),
    });
}
