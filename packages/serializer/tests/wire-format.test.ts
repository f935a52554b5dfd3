import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal, PayloadPointer } from '../src/index.js';
import { Money, codecWithClasses } from './helpers/classes.js';

const codec = codecWithClasses();
const SHA = 'a'.repeat(64);

/** One example per tag: the value, and the exact text it must serialize to. The README shows the same texts. */
const EXAMPLES: [string, unknown, string][] = [
  ['a date', new Date('2024-05-06T07:08:09.010Z'), '{"$sosw":"date","v":"2024-05-06T07:08:09.010Z"}'],
  ['an invalid date', new Date(Number.NaN), '{"$sosw":"date","v":null}'],
  ['a set', new Set([1, 'a']), '{"$sosw":"set","v":[1,"a"]}'],
  [
    'a map',
    new Map<unknown, unknown>([
      ['a', 1],
      [{ id: 2 }, true],
    ]),
    '{"$sosw":"map","v":[["a",1],[{"id":2},true]]}',
  ],
  ['a bigint', 12345678901234567890n, '{"$sosw":"bigint","v":"12345678901234567890"}'],
  ['a decimal', new Decimal('12.3400'), '{"$sosw":"decimal","v":"12.3400"}'],
  ['bytes', new Uint8Array([0, 1, 254, 255]), '{"$sosw":"bytes","v":"AAH+/w=="}'],
  ['undefined in an array', [1, undefined], '[1,{"$sosw":"undefined"}]'],
  ['NaN', Number.NaN, '{"$sosw":"number","v":"NaN"}'],
  ['Infinity', Number.POSITIVE_INFINITY, '{"$sosw":"number","v":"Infinity"}'],
  ['-Infinity', Number.NEGATIVE_INFINITY, '{"$sosw":"number","v":"-Infinity"}'],
  [
    'a registered class',
    new Money('EUR', new Decimal('9.90')),
    '{"$sosw":"class","name":"Money","v":{"currency":"EUR","amount":{"$sosw":"decimal","v":"9.90"}}}',
  ],
  [
    'an object with a $sosw key (escaped)',
    { $sosw: 'date', v: 'not a date' },
    '{"$sosw":"object","v":{"$sosw":"date","v":"not a date"}}',
  ],
  [
    'an S3 pointer',
    new PayloadPointer('my-bucket', `sosw/payloads/${SHA}.json`, 312345, SHA),
    `{"$sosw":"s3","bucket":"my-bucket","key":"sosw/payloads/${SHA}.json","bytes":312345,"sha256":"${SHA}"}`,
  ],
];

describe('wire format', () => {
  it.each(EXAMPLES)('writes %s as its tag', (_name, value, wire) => {
    expect(codec.serialize(value)).toBe(wire);
  });

  it.each(EXAMPLES)('reads %s back from its tag', (_name, value, wire) => {
    expect(codec.deserialize(wire)).toStrictEqual(value);
  });

  it('is the one the README documents', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // The pointer example in the README uses a shortened hash; every other example appears verbatim.
    for (const [name, , wire] of EXAMPLES.filter(([name]) => name !== 'an S3 pointer')) {
      expect(readme, `README example for ${name}`).toContain(wire);
    }
  });

  it('writes plain JSON exactly as JSON.stringify does', () => {
    const value = { a: [1, 2.5, 'x', null, true], b: { c: {} }, '': [], 'with space': 'é"\\' };
    expect(codec.serialize(value)).toBe(JSON.stringify(value));
  });

  it('writes -0 as 0, as JSON.stringify does, and reads it back as 0', () => {
    expect(codec.serialize({ n: -0 })).toBe('{"n":0}');
    const [zero] = codec.encode([-0]) as number[];
    expect(Object.is(zero, 0)).toBe(true);
    expect(Object.is(codec.deserialize(codec.serialize(-0)) as number, 0)).toBe(true);
  });

  it('drops undefined object properties like JSON.stringify, but keeps undefined in collections', () => {
    expect(codec.serialize({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(codec.deserialize(codec.serialize(new Map([['k', undefined]])))).toStrictEqual(
      new Map([['k', undefined]]),
    );
    expect(codec.deserialize(codec.serialize(new Set([undefined])))).toStrictEqual(new Set([undefined]));
    expect(codec.serialize(undefined)).toBe('{"$sosw":"undefined"}');
    expect(codec.deserialize('{"$sosw":"undefined"}')).toBeUndefined();
  });

  it('writes an array hole as undefined', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(codec.serialize([1, , 3])).toBe('[1,{"$sosw":"undefined"},3]');
  });

  it('escapes only objects that have an own $sosw key, nested objects each on their own', () => {
    const value = { outer: { $sosw: { $sosw: 1 }, plain: { v: 2 } } };
    const wire = codec.serialize(value);
    expect(wire).toBe(
      '{"outer":{"$sosw":"object","v":{"$sosw":{"$sosw":"object","v":{"$sosw":1}},"plain":{"v":2}}}}',
    );
    expect(codec.deserialize(wire)).toStrictEqual(value);
  });

  it('round-trips an object with a __proto__ key without touching any prototype', () => {
    const wire = '{"__proto__":{"polluted":true},"a":{"$sosw":"date","v":"2020-01-01T00:00:00.000Z"}}';
    const value = codec.deserialize(wire) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codec.serialize(value)).toBe(wire);
  });

  it('round-trips an object with a constructor key', () => {
    const wire = codec.serialize({ constructor: new Set([1]) });
    expect(wire).toBe('{"constructor":{"$sosw":"set","v":[1]}}');
    const value = codec.deserialize(wire) as { constructor: unknown };
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.constructor).toStrictEqual(new Set([1]));
  });

  it('writes a Buffer as bytes and reads back a plain Uint8Array', () => {
    const wire = codec.serialize(Buffer.from('hi'));
    expect(wire).toBe('{"$sosw":"bytes","v":"aGk="}');
    const bytes = codec.deserialize(wire);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
  });

  it('writes only the viewed bytes of a Uint8Array over a larger buffer', () => {
    const view = new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
    expect(codec.serialize(view)).toBe('{"$sosw":"bytes","v":"AQI="}');
  });

  it('writes the same value twice when it is shared, not a reference', () => {
    const shared = { id: 1 };
    expect(codec.serialize([shared, shared])).toBe('[{"id":1},{"id":1}]');
  });

  it('reads a null-prototype object as a plain one', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(codec.serialize(value)).toBe('{"a":1}');
  });
});
