import { describe, expect, it } from 'vitest';
import { formatPath, inspectReport, REPORT_LIMITS, reportFlaws, type ReportFields } from '../src/index.js';

/**
 * The rule of what a worker's `stats` and `result` may hold, on its own. That each limit is where DynamoDB
 * really refuses the write is measured against DynamoDB Local through the task manager's own update, in
 * services/worker-assistant/tests/storable-report.test.ts (core cannot depend on the task manager).
 */

/** `{"a": {"a": ... 1}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}
const keys = (count: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, i]));
/** `a.a.a...` as `formatPath` names it, `count` times. */
const dots = (count: number) => Array.from({ length: count }, () => 'a').join('.');

/** The flaws as `path: message` lines, the way a `ValidationError` shows them. */
const described = (report: ReportFields) =>
  reportFlaws(report).map(({ path, message }) => `${formatPath(path)}: ${message}`);

describe('reportFlaws: what cannot be stored', () => {
  it.each([
    [
      'a number over 2^53 (the SDK refuses it)',
      'stats',
      { n: 1e200 },
      'stats.n',
      'number 1e+200 cannot be stored',
    ],
    ['2^53, one over the safe integers', 'result', { n: 2 ** 53 }, 'result.n', 'cannot be stored'],
    ['a number under -2^53', 'stats', { n: -(2 ** 60) }, 'stats.n', 'cannot be stored'],
    ['a number under 1e-130 (DynamoDB underflow)', 'stats', { n: 1e-200 }, 'stats.n', 'cannot be stored'],
    ['the smallest double', 'result', { list: [1, 5e-324] }, 'result.list[1]', 'cannot be stored'],
    ['Infinity', 'stats', { n: Infinity }, 'stats.n', 'must be finite'],
    ['NaN', 'stats', { n: NaN }, 'stats.n', 'must be finite'],
    [
      'nesting 33 levels, counting stats',
      'stats',
      { d: nested(32) },
      `stats.d.${dots(31)}`,
      'nested deeper than the 32 levels',
    ],
    [
      'nesting 40 levels in a list',
      'result',
      { d: [[nested(38)]] },
      `result.d[0][0].${dots(29)}`,
      'nested deeper',
    ],
    [
      'nesting 5,000 levels (no stack overflow)',
      'stats',
      { d: nested(5000) },
      `stats.d.${dots(31)}`,
      'nested deeper',
    ],
    ['an empty key inside a map', 'result', { a: { '': 1 } }, 'result.a[""]', 'empty key'],
    ['an empty key at the top', 'stats', { '': 1 }, 'stats[""]', 'empty key'],
    [
      'an empty key in a map in a list',
      'stats',
      { l: [{ ok: 1 }, { '': 2 }] },
      'stats.l[1][""]',
      'empty key',
    ],
    [
      '101 keys (the update expression would pass 4 KB)',
      'stats',
      keys(101),
      'stats',
      'has 101 keys, over the 100',
    ],
    ['400 keys', 'result', keys(400), 'result', 'has 400 keys'],
    [
      'a 420 KB string (the item would pass 400 KB)',
      'stats',
      { s: 'x'.repeat(420_000) },
      'stats',
      'over the 40000',
    ],
    [
      'a "constructor" key in a nested map (the SDK marshaller reads it as the type; found by chaos seed 27)',
      'stats',
      JSON.parse('{"a":{"constructor":"x"}}') as Record<string, unknown>,
      'stats.a.constructor',
      'may not have a "constructor" key',
    ],
    ['a Date (not JSON)', 'stats', { at: new Date(0) }, 'stats.at', 'expected a JSON value, got Date'],
    ['a Map (not JSON)', 'result', { m: new Map() }, 'result.m', 'expected a JSON value, got Map'],
    ['a function (not JSON)', 'result', { f: () => 1 }, 'result.f', 'expected a JSON value, got function'],
    ['undefined (not JSON)', 'result', { u: undefined }, 'result.u', 'expected a JSON value, got undefined'],
    ['a bigint (not JSON)', 'stats', { b: 1n }, 'stats.b', 'expected a JSON value, got bigint'],
  ] as const)('%s: names %s', (_, field, value, path, message) => {
    const lines = described({ [field]: value });
    expect(
      lines.some((line) => line.startsWith(`${path}: `) && line.includes(message)),
      lines.join('\n'),
    ).toBe(true);
  });

  it('takes a "constructor" key at the top of stats or result: it becomes the attribute stat_constructor', () => {
    expect(
      reportFlaws({
        stats: { constructor: 1 },
        result: JSON.parse('{"constructor":"x"}') as Record<string, unknown>,
      }),
    ).toEqual([]);
  });

  it('refuses a cycle as one flaw, at the depth limit, without a stack overflow', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(described({ result: cycle })).toEqual([
      `result.${Array.from({ length: 32 }, () => 'self').join('.')}: nested deeper than the 32 levels DynamoDB stores`,
    ]);
  });

  it('lists at most ten flaws of a field full of them', () => {
    const bad = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`n${i}`, 1e200]));
    expect(reportFlaws({ stats: bad })).toHaveLength(10);
    expect(reportFlaws({ stats: bad, result: bad })).toHaveLength(20);
  });

  it('refuses stats and result over 40,000 bytes together, though each is under, at the larger of them', () => {
    const half = { s: 'x'.repeat(REPORT_LIMITS.maxBytes / 2) };
    expect(described({ stats: half, result: { ...half, t: 1 } })).toEqual([
      'result: stats and result are 40024 bytes of JSON together, over the 40000 a report may take ' +
        '(a task row holds 400 KB with its payload): keep large results elsewhere (S3) and report where',
    ]);
    expect(reportFlaws({ stats: { ...half, t: 1 }, result: half }).map(({ path }) => path)).toEqual([
      ['stats'],
    ]);
  });

  it('finds nothing in an absent report, or in empty stats and result', () => {
    expect(reportFlaws({})).toEqual([]);
    expect(reportFlaws({ stats: undefined, result: undefined })).toEqual([]);
    expect(reportFlaws({ stats: {}, result: {} })).toEqual([]);
  });
});

describe('reportFlaws: just inside the limits', () => {
  it.each([
    ['32 levels, counting stats', { d: nested(31) }],
    ['32 levels through lists', { d: [[[nested(28)]]] }],
    ['the largest safe integers', { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER }],
    ['fractions near 2^53', { n: 2 ** 52 + 0.5 }],
    ['1e-130, the smallest magnitude', { small: 1e-130, negative: -1e-130, zero: 0 }],
    ['17 significant digits', { third: 1 / 3, tiny: 1.2345678901234567e-100 }],
    ['100 keys', keys(100)],
    ['keys in every script', { ключ: 'значение', 鍵: '値', 'emoji 🙂': '🙂', 'a.b': 1, '#x': 2 }],
    [
      'null, booleans and an object without a prototype',
      { n: null, t: true, o: Object.create(null) as object },
    ],
    ['100 keys of 100 characters each', keys(100, 'k'.repeat(100))],
  ])('%s: no flaw', (_, report) => {
    expect(reportFlaws({ stats: report, result: report })).toEqual([]);
  });

  it('takes 40,000 bytes of stats and result together', () => {
    const stats = { s: '€'.repeat(5_000) }; // 15,000 bytes of UTF-8
    const result = { s: 'x'.repeat(REPORT_LIMITS.maxBytes - 15_000 - 2 * 9) }; // inspectReport counts 9 bytes around each string: braces, key, quotes, separator
    expect(inspectReport(stats).bytes + inspectReport(result).bytes).toBe(REPORT_LIMITS.maxBytes);
    expect(reportFlaws({ stats, result })).toEqual([]);
    expect(reportFlaws({ stats, result: { s: `${result.s}x` } })).toHaveLength(1);
  });
});

describe('inspectReport: size', () => {
  it.each([
    ['one key', { s: 'x'.repeat(10) }],
    ['UTF-8 of several bytes', { 'ключ 🙂': '€'.repeat(100) }],
    ['every kind of value', { a: [1, -2.5, 'three', true, false, null], o: { p: { q: 'r' } }, e: {}, l: [] }],
    ['many keys', keys(100)],
  ])('never counts fewer bytes than the JSON has, nor more than one per key or element: %s', (_, report) => {
    const json = Buffer.byteLength(JSON.stringify(report));
    const separators = JSON.stringify(report).split(/[,:]/).length; // an upper bound of keys and elements
    const { bytes } = inspectReport(report);
    expect(bytes).toBeGreaterThanOrEqual(json);
    expect(bytes - json).toBeLessThanOrEqual(separators);
  });
});
