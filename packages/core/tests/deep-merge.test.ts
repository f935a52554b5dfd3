import { describe, expect, it } from 'vitest';
import { deepMerge, isPlainObject } from '../src/index.js';

describe('deepMerge', () => {
  it('merges nested objects key by key, later layers winning', () => {
    const defaults = { task_config: { labourers: { x: { max_attempts: 3, arn: 'arn:x' } } }, region: 'eu' };
    const row = { task_config: { labourers: { x: { max_attempts: 5 }, y: { arn: 'arn:y' } } } };
    expect(deepMerge(defaults, row)).toEqual({
      task_config: { labourers: { x: { max_attempts: 5, arn: 'arn:x' }, y: { arn: 'arn:y' } } },
      region: 'eu',
    });
  });

  it('applies any number of layers in order', () => {
    expect(deepMerge({ a: 1, b: 1, c: 1 }, { b: 2, c: 2 }, { c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
    expect(deepMerge()).toEqual({});
  });

  it('replaces arrays instead of unioning them, so a list can be shortened', () => {
    const merged = deepMerge(
      { metrics: ['cpu', 'latency'], nested: { ids: [1, 2, 3] } },
      { metrics: ['cpu'], nested: { ids: [] } },
    );
    expect(merged).toEqual({ metrics: ['cpu'], nested: { ids: [] } });
  });

  it('lets a scalar replace an object and an object replace a scalar', () => {
    expect(deepMerge({ a: { b: 1 } }, { a: 7 })).toEqual({ a: 7 });
    expect(deepMerge({ a: 7 }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(deepMerge({ a: [1] }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('takes undefined as "no opinion" and null as a value', () => {
    expect(deepMerge({ a: 1, b: 2 }, { a: undefined, b: null })).toEqual({ a: 1, b: null });
    expect(Object.keys(deepMerge({}, { a: undefined }))).toEqual([]);
  });

  it('never mutates its inputs', () => {
    const base = { a: { b: 1, list: [1, 2] }, keep: 'x' };
    const override = { a: { c: 2, list: [3] }, extra: { deep: { value: 1 } } };
    const before = structuredClone([base, override]);
    const merged = deepMerge(base, override);
    expect([base, override]).toEqual(before);
    expect(merged).toEqual({ a: { b: 1, c: 2, list: [3] }, keep: 'x', extra: { deep: { value: 1 } } });
  });

  it('works on frozen inputs', () => {
    const base = Object.freeze({ a: Object.freeze({ b: 1 }) });
    expect(deepMerge(base, { a: { c: 2 } })).toEqual({ a: { b: 1, c: 2 } });
  });

  it('returns a result sharing no object or array with the inputs', () => {
    const base = { a: { b: 1 }, list: [{ id: 1 }] };
    const override = { c: { d: [1, 2] } };
    const merged = deepMerge(base, override) as {
      a: { b: number };
      list: { id: number }[];
      c: { d: number[] };
    };
    merged.a.b = 99;
    merged.list[0]!.id = 99;
    merged.c.d.push(3);
    expect(base).toEqual({ a: { b: 1 }, list: [{ id: 1 }] });
    expect(override).toEqual({ c: { d: [1, 2] } });
  });

  it('cannot pollute Object.prototype through __proto__, constructor or prototype keys', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "nested": {"__proto__": {"polluted": true}}, "prototype": {"polluted": true}}',
    ) as Record<string, unknown>;
    const merged = deepMerge({ nested: { ok: 1 } }, hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['nested']);
    expect(merged.nested).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(merged.nested)).toBe(Object.prototype);
  });

  it('does not let a hostile key reach the prototype even as the first layer', () => {
    const hostile = JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>;
    const merged = deepMerge(hostile);
    expect((merged as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  it('keeps non-plain objects such as dates as values, not merged', () => {
    const when = new Date(0);
    const merged = deepMerge({ at: { x: 1 } }, { at: when });
    expect(merged.at).toBe(when);
  });
});

describe('isPlainObject', () => {
  it('accepts object literals and null-prototype objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject('x')).toBe(false);
    class Config {
      readonly region = 'eu';
    }
    expect(isPlainObject(new Config())).toBe(false);
  });
});
