import fc from 'fast-check';
import { Decimal } from '../../src/index.js';
import { Box, Money } from './classes.js';

/** Decimal text as Python, DynamoDB or a money column writes it: signs, trailing zeros, exponents. */
export const decimalText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^\d{1,30}$/),
    fc.option(fc.stringMatching(/^\d{0,20}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[eE][+-]?\d{1,4}$/), { nil: undefined }),
  )
  .map(
    ([sign, int, fraction, exponent]) =>
      `${sign}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent ?? ''}`,
  );

// Keys that collide with the wire format's own names, mixed into ordinary random keys. ("constructor" is
// tested apart: an own "constructor" key defeats toStrictEqual's type check, not the codec.)
const key = fc.oneof(fc.string(), fc.constantFrom('$sosw', 'v', 'name', '__proto__', 'date'));

// -0 reads back as 0 by design (as with JSON.stringify); tested on its own, kept out of round trips.
const number = fc.double().map((n) => (Object.is(n, -0) ? 0 : n));

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  number,
  fc.integer(),
  fc.string(),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  decimalText.map((text) => new Decimal(text)),
  fc.uint8Array({ maxLength: 16 }),
  fc
    .tuple(fc.constantFrom('EUR', 'USD'), decimalText)
    .map(([currency, amount]) => new Money(currency, new Decimal(amount))),
);

/**
 * Any value the codec promises to round-trip: JSON plus dates, sets, maps with any keys, bigints, decimals,
 * bytes and registered classes, nested anywhere. `undefined` appears only where it survives (arrays, sets,
 * maps); an undefined object property is dropped, as by JSON.stringify.
 */
export const richValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; item: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('item'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    fc.array(tie('item'), { maxLength: 5 }).map((items) => new Set(items)),
    fc.array(fc.tuple(tie('item'), tie('item')), { maxLength: 5 }).map((entries) => new Map(entries)),
    tie('value').map((contents) => new Box(contents)),
  ),
  item: fc.oneof(fc.constant(undefined), tie('value')),
})).value;

/** Arbitrary JSON whose objects never have a `$sosw` key: the plain JSON the codec must leave untouched. */
export const plainJson: fc.Arbitrary<unknown> = fc
  .jsonValue()
  .filter((value) => !JSON.stringify(value).includes('"$sosw":'));
