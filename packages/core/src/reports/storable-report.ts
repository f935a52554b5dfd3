/**
 * What a worker's `stats` or `result` may hold, so that the task manager can store each key as a
 * `stat_<key>` / `result_<key>` attribute. Each limit is where the SDK or DynamoDB would refuse the write
 * with an untyped error; refusing the report first names the field instead. One rule for both ends: the
 * worker SDK checks a report before sending it, the worker-assistant before writing it. Measured against
 * DynamoDB Local through the task manager's own write (services/worker-assistant/tests/storable-report.test.ts
 * keeps the measurements: core cannot depend on the task manager).
 */
export const REPORT_LIMITS = {
  /**
   * Levels of nesting of `stats` (or `result`), counting the object itself: `{ a: { b: 1 } }` is 2. The
   * object's keys become top-level attributes of the task, so this is DynamoDB's 32 levels of an item
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes).
   */
  maxDepth: 32,
  /**
   * Keys of `stats`, and of `result`. Each key is a `#nX = :vX` assignment of the completion's
   * `UpdateExpression`, and an expression may not exceed 4 KB: 100 + 100 keys stay well under it, 300
   * keys of stats alone do not.
   */
  maxKeys: 100,
  /**
   * Bytes of `stats` and `result` together, as UTF-8 JSON. A task row may not exceed 400 KB (409,600
   * bytes) and its payload may take up to 350,000 (task-manager's `MAX_PAYLOAD_BYTES`): this leaves the
   * rest of the row room too.
   */
  maxBytes: 40_000,
  /**
   * The largest magnitude of a number. The SDK's marshaller refuses numbers outside the safe integer
   * range (its `Number ... is greater than Number.MAX_SAFE_INTEGER`), fractional or not.
   */
  maxMagnitude: Number.MAX_SAFE_INTEGER,
  /** The smallest magnitude of a number other than 0: DynamoDB's "Number underflow" below it. */
  minMagnitude: 1e-130,
} as const;

/** One thing in a report that cannot be stored, and where: `['n']` for `stats.n`. */
export interface ReportFlaw {
  path: (string | number)[];
  message: string;
}

/** A worker report's `stats` and `result`, as objects (the worker-assistant parses JSON strings first). */
export interface ReportFields {
  stats?: Record<string, unknown> | undefined;
  result?: Record<string, unknown> | undefined;
}

/** What `inspectReport` found: the flaws (at most `MAX_FLAWS`) and the report's size in bytes of JSON. */
export interface ReportInspection {
  flaws: ReportFlaw[];
  bytes: number;
}

/** Enough flaws to show what is wrong; a report with thousands of bad values need not list them all. */
const MAX_FLAWS = 10;

/**
 * Finds what in a worker's `stats` or `result` DynamoDB (or the SDK) would refuse: a number that is not
 * finite, over `maxMagnitude` or under `minMagnitude`; nesting deeper than `maxDepth`; an empty key at
 * any level; a `constructor` key in a nested map (the SDK's marshaller reads it as the map's type); more
 * than `maxKeys` keys; a value that is not JSON (`undefined`, a function, a `Date`, a
 * class instance: reports arrive as JSON). Also measures the report's UTF-8 JSON size.
 *
 * Walks the report with an explicit stack, never recursion, and does not descend below `maxDepth`: a
 * report nested 5,000 deep, or a cycle, is one flaw rather than a stack overflow.
 *
 * @example
 * inspectReport({ n: 1e200, a: { '': 1 } }).flaws;
 * // [{ path: ['n'], message: 'number 1e+200 cannot be stored: ...' }, { path: ['a', ''], message: 'empty key ...' }]
 */
export function inspectReport(report: Record<string, unknown>): ReportInspection {
  const flaws: ReportFlaw[] = [];
  let bytes = 0;
  const flaw = (path: (string | number)[], message: string) => {
    if (flaws.length < MAX_FLAWS) flaws.push({ path, message });
  };
  if (Object.keys(report).length > REPORT_LIMITS.maxKeys) {
    flaw([], `has ${Object.keys(report).length} keys, over the ${REPORT_LIMITS.maxKeys} a report may have`);
  }
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [
    { value: report, path: [], depth: 1 },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next;
    switch (typeof value) {
      case 'string':
        bytes += Buffer.byteLength(value) + 2;
        continue;
      case 'boolean':
        bytes += 5;
        continue;
      case 'number':
        bytes += String(value).length;
        if (!storableNumber(value)) {
          flaw(
            path,
            `number ${value} cannot be stored: a number must be finite, 0 or of magnitude ` +
              `${REPORT_LIMITS.minMagnitude} to ${REPORT_LIMITS.maxMagnitude} (send larger or more precise ones as strings)`,
          );
        }
        continue;
      case 'object': {
        if (value === null) {
          bytes += 4;
          continue;
        }
        const entries = containerEntries(value);
        if (entries === undefined) {
          flaw(path, `expected a JSON value, got ${describe(value)}`);
          continue;
        }
        if (depth > REPORT_LIMITS.maxDepth) {
          flaw(path, `nested deeper than the ${REPORT_LIMITS.maxDepth} levels DynamoDB stores`);
          continue;
        }
        bytes += 2;
        for (const [key, child] of entries) {
          if (key === '') flaw([...path, key], 'empty key: DynamoDB refuses empty attribute names');
          // The AWS SDK's marshaller tells a map from a Set or a class instance by `value.constructor.name`;
          // a nested map with its own `constructor` key cannot be stored (the report's own keys are fine:
          // they become attributes `stat_constructor` / `result_constructor`).
          if (key === 'constructor' && path.length > 0) {
            flaw(
              [...path, key],
              'a nested map may not have a "constructor" key: the AWS SDK cannot store it',
            );
          }
          if (typeof key === 'string') bytes += Buffer.byteLength(key) + 4;
          else bytes += 1;
          stack.push({ value: child, path: [...path, key], depth: depth + 1 });
        }
        continue;
      }
      default:
        flaw(path, `expected a JSON value, got ${describe(value)}`);
    }
  }
  return { flaws, bytes };
}

/**
 * Everything in a report's `stats` and `result` that could not be stored: each field's flaws from
 * `inspectReport`, their paths starting at the field (`['stats', 'n']`), and, when the two together are over
 * `maxBytes`, one flaw at the larger of them. Empty when the report can be stored as it is.
 *
 * @example
 * reportFlaws({ stats: { rows: 3 }, result: { n: 1e200 } });
 * // [{ path: ['result', 'n'], message: 'number 1e+200 cannot be stored: ...' }]
 * reportFlaws({ stats: { s: 'x'.repeat(30_000) }, result: { s: 'x'.repeat(20_000) } });
 * // [{ path: ['stats'], message: 'stats and result are 50016 bytes of JSON together, over the 40000 ...' }]
 */
export function reportFlaws(report: ReportFields): ReportFlaw[] {
  const flaws: ReportFlaw[] = [];
  const sizes: { field: 'stats' | 'result'; bytes: number }[] = [];
  for (const field of ['stats', 'result'] as const) {
    const fieldReport = report[field];
    if (fieldReport === undefined) continue;
    const inspection = inspectReport(fieldReport);
    for (const { path, message } of inspection.flaws) flaws.push({ path: [field, ...path], message });
    sizes.push({ field, bytes: inspection.bytes });
  }
  const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
  if (total > REPORT_LIMITS.maxBytes) {
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    flaws.push({
      path: [largest.field],
      message:
        `stats and result are ${total} bytes of JSON together, over the ${REPORT_LIMITS.maxBytes} a report ` +
        `may take (a task row holds 400 KB with its payload): keep large results elsewhere (S3) and report where`,
    });
  }
  return flaws;
}

/** Whether the SDK marshals `value` and DynamoDB stores it (see `REPORT_LIMITS`). */
function storableNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return (
    magnitude === 0 || (magnitude >= REPORT_LIMITS.minMagnitude && magnitude <= REPORT_LIMITS.maxMagnitude)
  );
}

/** The entries of an array or a plain object; `undefined` for anything JSON cannot hold (`Date`, `Map`, ...). */
function containerEntries(value: object): [string | number, unknown][] | undefined {
  if (Array.isArray(value)) return value.map((child, index): [number, unknown] => [index, child]);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  return Object.entries(value);
}

/** `Date`, `Map`, `function`: what a value that is not JSON is, for the message. */
function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  // An object whose prototype has no constructor (`Object.create(proto)`) is still "an object".
  const { constructor } = value as { constructor?: { name?: unknown } };
  return typeof constructor?.name === 'string' ? constructor.name : 'an object';
}
