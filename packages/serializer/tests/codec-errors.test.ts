import { SoswError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import {
  CircularReferenceError,
  ClassAdapterError,
  ClassRegistrationError,
  Codec,
  InvalidJsonError,
  MalformedTagError,
  SerializerError,
  UnknownTagError,
  UnregisteredClassError,
  UnsupportedValueError,
  type JsonValue,
} from '../src/index.js';
import { Box, Money, Stranger, codecWithClasses } from './helpers/classes.js';
import { caught } from './helpers/caught.js';

const codec = codecWithClasses();

describe('serializing what cannot be serialized', () => {
  it('names the path of a function', () => {
    const error = caught(() => codec.serialize({ payload: { items: [1, 2, 3, () => 4] } }));
    expect(error).toBeInstanceOf(UnsupportedValueError);
    expect(error).toMatchObject({ path: '$.payload.items[3]', kind: 'function' });
    expect(error.message).toContain('function at $.payload.items[3]');
  });

  it('names the path of a symbol value and of a symbol-keyed property', () => {
    expect(caught(() => codec.serialize({ 'a b': Symbol('x') }))).toMatchObject({
      path: '$["a b"]',
      kind: 'symbol',
    });
    const error = caught(() => codec.serialize({ inner: { [Symbol('k')]: 1 } }));
    expect(error).toBeInstanceOf(UnsupportedValueError);
    expect(error).toMatchObject({ path: '$.inner' });
    expect(error.message).toContain('Symbol(k)');
  });

  it('names the class and path of an unregistered instance, also inside sets, maps and registered classes', () => {
    const inSet = caught(() => codec.serialize({ s: new Set([1, new Stranger()]) }));
    expect(inSet).toBeInstanceOf(UnregisteredClassError);
    expect(inSet).toMatchObject({ className: 'Stranger', path: '$.s[1]' });
    expect(inSet.message).toContain("codec.register('Stranger'");
    expect(caught(() => codec.serialize(new Map([['k', new Stranger()]])))).toMatchObject({
      path: '$[0].value',
    });
    expect(caught(() => codec.serialize(new Map([[new Stranger(), 1]])))).toMatchObject({ path: '$[0].key' });
    expect(caught(() => codec.serialize(new Box({ inner: new Stranger() })))).toMatchObject({
      className: 'Stranger',
      path: '$.contents.inner',
    });
  });

  it('does not take a subclass of a registered class for the class', () => {
    class Euro extends Money {}
    expect(caught(() => codec.serialize(new Euro('EUR', undefined as never)))).toMatchObject({
      className: 'Euro',
    });
  });

  it('rejects other built-in objects it cannot carry', () => {
    expect(caught(() => codec.serialize({ re: /x/ }))).toMatchObject({ className: 'RegExp', path: '$.re' });
    expect(caught(() => codec.serialize(new Float64Array(1)))).toMatchObject({ className: 'Float64Array' });
  });

  it('names the path where a cycle closes', () => {
    const value: { items: unknown[] } = { items: [] };
    value.items.push({ parent: value });
    const error = caught(() => codec.serialize(value));
    expect(error).toBeInstanceOf(CircularReferenceError);
    expect(error).toMatchObject({ path: '$.items[0].parent' });
  });

  it('wraps a failing toJSON of a registered class with its name and path', () => {
    const failing = new Codec().register('Money', Money, {
      toJSON: () => {
        throw new Error('boom');
      },
      fromJSON: () => new Money('EUR', undefined as never),
    });
    const error = caught(() => failing.serialize([new Money('EUR', undefined as never)]));
    expect(error).toBeInstanceOf(ClassAdapterError);
    expect(error).toMatchObject({ className: 'Money', path: '$[0]' });
    expect((error.cause as Error).message).toBe('boom');
  });
});

describe('deserializing what cannot be deserialized', () => {
  it('names an unknown tag and its path', () => {
    const error = caught(() =>
      codec.deserialize('{"payload":{"items":[0,1,2,{"$sosw":"timedelta","v":"P1D"}]}}'),
    );
    expect(error).toBeInstanceOf(UnknownTagError);
    expect(error).toMatchObject({ tag: 'timedelta', path: '$.payload.items[3]' });
    expect(error.message).toBe(
      'Unknown tag "timedelta" at $.payload.items[3]: this version of @sosw/serializer cannot read it.',
    );
  });

  it('names an unregistered class and its path', () => {
    const wire = '{"a":{"$sosw":"set","v":[{"$sosw":"class","name":"Money","v":{}}]}}';
    const error = caught(() => new Codec().deserialize(wire));
    expect(error).toBeInstanceOf(UnregisteredClassError);
    expect(error).toMatchObject({ className: 'Money', path: '$.a[0]' });
  });

  it('finds tags inside escaped objects, map entries and registered classes', () => {
    expect(
      caught(() => codec.deserialize('{"$sosw":"object","v":{"$sosw":1,"x":{"$sosw":"nope"}}}')),
    ).toMatchObject({
      path: '$.x',
    });
    expect(caught(() => codec.deserialize('{"$sosw":"map","v":[[1,{"$sosw":"nope"}]]}'))).toMatchObject({
      path: '$[0].value',
    });
    expect(
      caught(() => codec.deserialize('{"$sosw":"class","name":"Box","v":{"contents":[{"$sosw":"nope"}]}}')),
    ).toMatchObject({ tag: 'nope', path: '$.contents[0]' });
  });

  it.each([
    ['a tag that is not a string', '{"$sosw":1}', '"$sosw" key must hold a string'],
    ['an extra key', '{"$sosw":"date","v":"2020-01-01T00:00:00Z","tz":"UTC"}', 'unexpected "tz"'],
    ['a missing value', '{"$sosw":"bigint"}', 'missing "v"'],
    ['a bigint that is not an integer', '{"$sosw":"bigint","v":"1.5"}', 'must be an integer'],
    ['a decimal that is not a decimal', '{"$sosw":"decimal","v":"12,5"}', 'must be a decimal'],
    ['a decimal given as a number', '{"$sosw":"decimal","v":12.5}', '"v" must be a string'],
    ['a date that is not a date', '{"$sosw":"date","v":"yesterday"}', 'is not a date'],
    ['bytes that are not base64', '{"$sosw":"bytes","v":"@@@@"}', 'base64'],
    ['a number tag for a finite number', '{"$sosw":"number","v":"1"}', '"NaN", "Infinity" or "-Infinity"'],
    ['a set that is not an array', '{"$sosw":"set","v":{}}', 'must be an array'],
    ['a map entry that is not a pair', '{"$sosw":"map","v":[[1]]}', '[key, value] pair'],
    ['an escaped object that is not an object', '{"$sosw":"object","v":[]}', 'must be an object'],
    ['a class without a name', '{"$sosw":"class","name":7,"v":{}}', '"name" must be a string'],
    [
      'a pointer with a bad hash',
      '{"$sosw":"s3","bucket":"b","key":"k","bytes":1,"sha256":"xyz"}',
      '"sha256"',
    ],
    [
      'a pointer with negative bytes',
      `{"$sosw":"s3","bucket":"b","key":"k","bytes":-1,"sha256":"${'0'.repeat(64)}"}`,
      '"bytes"',
    ],
  ])('rejects %s', (_name, wire, reason) => {
    const error = caught(() => codec.deserialize(`{"at":[${wire}]}`));
    expect(error).toBeInstanceOf(MalformedTagError);
    expect(error).toMatchObject({ path: expect.stringMatching(/^\$\.at\[0\]/) as unknown });
    expect(error.message).toContain(reason);
  });

  it('rejects text that is not JSON', () => {
    const error = caught(() => codec.deserialize('{"a":'));
    expect(error).toBeInstanceOf(InvalidJsonError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects values that are not JSON handed to decode', () => {
    expect(caught(() => codec.decode({ a: [undefined as unknown as JsonValue] }))).toMatchObject({
      path: '$.a[0]',
    });
    expect(caught(() => codec.decode({ n: Number.NaN }))).toBeInstanceOf(InvalidJsonError);
    expect(caught(() => codec.decode({ d: new Date() as unknown as JsonValue }))).toBeInstanceOf(
      InvalidJsonError,
    );
  });

  it('wraps a failing fromJSON of a registered class with its name and path', () => {
    const failing = new Codec().register('Money', Money, {
      toJSON: (m) => ({ currency: m.currency }),
      fromJSON: () => {
        throw new Error('bad money');
      },
    });
    const error = caught(() => failing.deserialize('{"price":{"$sosw":"class","name":"Money","v":{}}}'));
    expect(error).toBeInstanceOf(ClassAdapterError);
    expect(error).toMatchObject({ className: 'Money', path: '$.price' });
  });
});

describe('registering classes', () => {
  it('keeps each codec its own registry', () => {
    const one = new Codec().register('Money', Money, {
      toJSON: () => ({}),
      fromJSON: () => new Money('X', undefined as never),
    });
    const other = new Codec();
    expect(one.registeredClasses()).toEqual(['Money']);
    expect(other.registeredClasses()).toEqual([]);
    expect(() => other.serialize(new Money('EUR', undefined as never))).toThrow(UnregisteredClassError);
  });

  it('refuses a name or a class twice, and an empty name', () => {
    const adapter = { toJSON: () => ({}), fromJSON: () => new Box(null) };
    const twice = new Codec().register('Box', Box, adapter);
    expect(() =>
      twice.register('Box', Money, { toJSON: () => ({}), fromJSON: () => new Money('', undefined as never) }),
    ).toThrow(/"Box": the name is already registered/);
    expect(() => twice.register('Crate', Box, adapter)).toThrow(/already registered as "Box"/);
    expect(() => new Codec().register('', Box, adapter)).toThrow(ClassRegistrationError);
  });
});

it('throws only errors that are SerializerErrors and SoswErrors, named after their class', () => {
  const error = caught(() => codec.deserialize('{"$sosw":"nope"}'));
  expect(error).toBeInstanceOf(SerializerError);
  expect(error).toBeInstanceOf(SoswError);
  expect(error.name).toBe('UnknownTagError');
});
