import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/index.js';
import { decimalText, plainJson, richValue } from './helpers/arbitraries.js';
import { Box, codecWithClasses } from './helpers/classes.js';

const codec = codecWithClasses();
const RUNS = { numRuns: 500 };

describe('round trips (property-based)', () => {
  it('writes plain JSON exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        expect(codec.serialize(value)).toBe(JSON.stringify(value));
      }),
      RUNS,
    );
  });

  it('reads plain JSON back as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(codec.deserialize(text)).toStrictEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('round-trips any JSON, including objects whose keys look like tags', () => {
    const tagLike = fc.dictionary(fc.constantFrom('$sosw', 'v', 'name', 'bucket'), fc.jsonValue(), {
      minKeys: 1,
      noNullPrototype: true,
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), tagLike, fc.array(tagLike)), (value) => {
        const text = JSON.stringify(value);
        expect(codec.deserialize(codec.serialize(JSON.parse(text)))).toStrictEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('round-trips dates, sets, maps, bigints, decimals, bytes and registered classes nested anywhere', () => {
    fc.assert(
      fc.property(richValue, (value) => {
        const text = codec.serialize(value);
        // The text is JSON any reader can parse, and the same value writes the same text again.
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
        const back = codec.deserialize(text);
        expect(back).toStrictEqual(value);
        expect(codec.serialize(back)).toBe(text);
      }),
      RUNS,
    );
  });

  it('keeps decimals as their exact text, wherever they sit', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const back = codec.deserialize(
          codec.serialize(new Box([new Map([[text, new Decimal(text)]])])),
        ) as Box;
        const [map] = back.contents as [Map<string, Decimal>];
        expect(map.get(text)?.toString()).toBe(text);
      }),
      RUNS,
    );
  });
});
