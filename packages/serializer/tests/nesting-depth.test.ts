import { describe, expect, it } from 'vitest';
import {
  Codec,
  MAX_NESTING_DEPTH,
  NestingTooDeepError,
  SerializerError,
  deserialize,
  serialize,
} from '../src/index.js';
import { Box, codecWithClasses } from './helpers/classes.js';
import { caught } from './helpers/caught.js';

/** `leaf` inside `levels` arrays, built without recursion: `[[[leaf]]]` is 3 levels. */
function inArrays(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** `leaf` inside `levels` objects `{ a: ... }`. */
function inObjects(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('nesting depth', () => {
  it('is bounded at 100 levels', () => {
    expect(MAX_NESTING_DEPTH).toBe(100);
  });

  it.each([
    ['arrays', inArrays],
    ['objects', inObjects],
  ])('round-trips a leaf exactly MAX_NESTING_DEPTH levels deep in %s', (_, nest) => {
    const value = nest(MAX_NESTING_DEPTH, 1);
    const text = serialize(value);
    expect(text).toBe(JSON.stringify(value));
    expect(deserialize(text)).toEqual(value);
  });

  it.each([
    ['arrays', inArrays, `$${'[0]'.repeat(MAX_NESTING_DEPTH + 1)}`],
    ['objects', inObjects, `$${'.a'.repeat(MAX_NESTING_DEPTH + 1)}`],
  ])('refuses one level more in %s both ways, naming the first value too deep', (_, nest, path) => {
    const value = nest(MAX_NESTING_DEPTH + 1, 1);
    for (const error of [caught(() => serialize(value)), caught(() => deserialize(JSON.stringify(value)))]) {
      expect(error).toBeInstanceOf(NestingTooDeepError);
      expect(error).toMatchObject({ path, limit: MAX_NESTING_DEPTH });
    }
  });

  it.each([
    ['5,000 arrays (10 KB)', '['.repeat(5_000) + ']'.repeat(5_000)],
    ['a million arrays (2 MB)', '['.repeat(1_000_000) + ']'.repeat(1_000_000)],
    ['5,000 objects', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
    [
      '5,000 escaped objects',
      '{"$sosw":"object","v":{"$sosw":1,"a":'.repeat(5_000) + '1' + '}}'.repeat(5_000),
    ],
    ['5,000 sets', '{"$sosw":"set","v":['.repeat(5_000) + ']}'.repeat(5_000)],
  ])('refuses text nested %s deep with a typed error, not a stack overflow', (_, text) => {
    const error = caught(() => deserialize(text));
    expect(error).toBeInstanceOf(NestingTooDeepError);
    expect(error).toBeInstanceOf(SerializerError);
  });

  it('refuses a value nested thousands deep with a typed error when serializing too', () => {
    expect(caught(() => serialize(inObjects(5_000, 1)))).toBeInstanceOf(NestingTooDeepError);
  });

  it('counts sets, map keys and values, and registered classes as levels, naming their paths', () => {
    const codec = codecWithClasses();
    const setInMap = new Map([['k', new Set([inArrays(MAX_NESTING_DEPTH - 2, 1)])]]);
    expect(codec.deserialize(codec.serialize(setInMap))).toEqual(setInMap);
    const oneTooDeep = new Map([['k', new Set([inArrays(MAX_NESTING_DEPTH - 1, 1)])]]);
    const path = `$[0].value[0]${'[0]'.repeat(MAX_NESTING_DEPTH - 1)}`;
    expect(caught(() => codec.serialize(oneTooDeep))).toMatchObject({ path });
    expect(
      caught(() => codec.deserialize(JSON.stringify(codec.encode(setInMap)).replace('[1]', '[[1]]'))),
    ).toMatchObject({
      path,
    });

    // A Box is two levels: the class value, then its `{ contents }` object.
    let boxes: unknown = 1;
    for (let i = 0; i < MAX_NESTING_DEPTH / 2; i++) boxes = new Box(boxes);
    expect(codec.deserialize(codec.serialize(boxes))).toEqual(boxes);
    expect(caught(() => codec.serialize(new Box(boxes)))).toBeInstanceOf(NestingTooDeepError);
    const tooDeepText = `{"$sosw":"class","name":"Box","v":{"contents":${codec.serialize(boxes)}}}`;
    expect(caught(() => codec.deserialize(tooDeepText))).toMatchObject({
      // Box 50 (counted from 0) is at level 100, its `{ contents }` object, at the same path, at 101.
      path: `$${'.contents'.repeat(MAX_NESTING_DEPTH / 2)}`,
    });
  });

  it('keeps a deep path whole on the error and shortens it in the message', () => {
    const error = caught(() => new Codec().deserialize('['.repeat(5_000) + ']'.repeat(5_000)));
    expect(error).toMatchObject({ path: `$${'[0]'.repeat(MAX_NESTING_DEPTH + 1)}` });
    expect(error.message).toMatch(
      /^Value nested deeper than 100 levels at \$\[0\]\[0\].*characters\).*\[0\]: /,
    );
    expect(error.message.length).toBeLessThan(400);
  });
});
