import fc from 'fast-check';
import { WORKER_ACTIONS } from '@sosw/worker-assistant';
import {
  jsonJunk,
  neitherObjectNorText,
  notJsonText,
  notText,
  withField,
  type Malformed,
} from './malformed.js';

/**
 * Stands for the id of the task a report is about: the test creates and claims a fresh task for each
 * report, and `forTask` puts its id in the report's place.
 */
export const TASK_PLACEHOLDER = '<task>';

/** A report with the placeholder replaced by `taskId`, whether the report is an object or JSON text. */
export function forTask(report: unknown, taskId: string): unknown {
  if (typeof report === 'string') return report.replaceAll(TASK_PLACEHOLDER, taskId);
  if (typeof report !== 'object' || report === null || Array.isArray(report)) return report;
  const fields = report as Record<string, unknown>;
  return fields.task_id === TASK_PLACEHOLDER ? { ...fields, task_id: taskId } : fields;
}

/**
 * What `stats` and `result` may hold, as the worker-assistant README promises it (its `REPORT_LIMITS`):
 * written out here rather than imported, so that a limit changed in the product, too strict or too
 * generous, fails this scenario instead of moving the generators with it.
 */
const REPORT_LIMITS = {
  /** DynamoDB's levels of nesting in an item, counting `stats` itself. */
  maxDepth: 32,
  /** Keys of `stats`, and of `result`: the update expression stays under 4 KB. */
  maxKeys: 100,
  /** UTF-8 JSON bytes of `stats` and `result` together. */
  maxBytes: 40_000,
  /** The SDK's marshaller refuses numbers past the safe integers. */
  maxMagnitude: Number.MAX_SAFE_INTEGER,
  /** DynamoDB's "Number underflow" below it. */
  minMagnitude: 1e-130,
} as const;

/**
 * A number DynamoDB stores as it is: zero, or a magnitude from 1e-130 to 2^53 - 1 (the worker-assistant's
 * `REPORT_LIMITS`), the bounds themselves often. `-0` is sent as `0`: DynamoDB keeps no sign on zero.
 */
const storableNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(
    REPORT_LIMITS.maxMagnitude,
    -REPORT_LIMITS.maxMagnitude,
    REPORT_LIMITS.minMagnitude,
    -REPORT_LIMITS.minMagnitude,
  ),
  fc
    .double({
      min: -REPORT_LIMITS.maxMagnitude,
      max: REPORT_LIMITS.maxMagnitude,
      noNaN: true,
      noDefaultInfinity: true,
    })
    .filter((n) => n === 0 || Math.abs(n) >= REPORT_LIMITS.minMagnitude)
    .map((n) => (n === 0 ? 0 : n)),
);
/**
 * A key DynamoDB takes in a map: not empty, and not `constructor` (the SDK's marshaller reads a nested
 * map's `constructor` as its type; seed 27 found it).
 */
const storableKey = fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== 'constructor');
const storableLeaf = fc.oneof(storableNumber, fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null));
const { storable } = fc.letrec<{ storable: unknown }>((tie) => ({
  storable: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    storableLeaf,
    fc.array(tie('storable'), { maxLength: 3 }),
    fc.dictionary(storableKey, tie('storable'), { maxKeys: 3 }),
  ),
}));

/** `value` inside `levels` maps or lists (`{ a: [ { a: value } ] }`), built without recursion. */
function nestedIn(value: unknown, levels: number, lists: boolean): unknown {
  let nested = value;
  for (let level = 0; level < levels; level++) nested = lists && level % 2 === 1 ? [nested] : { a: nested };
  return nested;
}

/**
 * Reports at the edge of what DynamoDB stores: nested exactly `maxDepth` levels (counting the report
 * itself), or exactly `maxKeys` keys.
 */
const reportAtTheLimits = fc.oneof(
  fc.boolean().map((lists) => ({ deep: nestedIn(1, REPORT_LIMITS.maxDepth - 1, lists) })),
  fc.constant(Object.fromEntries(Array.from({ length: REPORT_LIMITS.maxKeys }, (_, i) => [`k${i}`, i]))),
);

/**
 * `stats` or `result` as a worker sends them: an object (a few keys, values nested two deep at most, or
 * one at the limits), its JSON text (as Python workers send it), or `null` (absent).
 */
export const workerReportFields = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(storableKey, storable, { maxKeys: 6 }) },
  { weight: 1, arbitrary: reportAtTheLimits },
  {
    weight: 1,
    arbitrary: fc.dictionary(storableKey, storable, { maxKeys: 6 }).map((fields) => JSON.stringify(fields)),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

/**
 * The actions a report may send without naming its attempt: all but `mark_task_as_throttled`, which must
 * name it (`labourer_id`, `attempts`, `greenfield`), and which these reports, made before any claim, cannot.
 */
const ACTIONS_WITHOUT_ATTEMPT = WORKER_ACTIONS.filter((action) => action !== 'mark_task_as_throttled');

/** A report the worker-assistant must record, for the labourer `labourerId` (named in it, or not). */
export function validReport(labourerId: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      action: fc.constantFrom(...ACTIONS_WITHOUT_ATTEMPT),
      task_id: fc.constant(TASK_PLACEHOLDER),
      labourer_id: fc.constant(labourerId),
      stats: workerReportFields,
      result: workerReportFields,
      reason: fc.string({ maxLength: 40 }),
    },
    { requiredKeys: ['action', 'task_id'] },
  );
}

/** Values `stats` and `result` may not take: not an object, nor the JSON text of one. */
const notAReport = fc.oneof(
  fc.array(jsonJunk, { maxLength: 3 }),
  fc.integer(),
  fc.boolean(),
  notJsonText,
  fc
    .oneof(fc.array(jsonJunk, { maxLength: 2 }), fc.integer(), fc.boolean(), fc.string({ maxLength: 10 }))
    .map((value) => JSON.stringify(value)),
);

/** A number the SDK refuses (over 2^53 - 1 in magnitude) or DynamoDB does (under 1e-130, not 0). */
const unstorableNumber = fc.oneof(
  fc.constantFrom(2 ** 53, -(2 ** 53), 1e200, -1e308, 9.9e-131, -1e-200, Number.MIN_VALUE),
  fc.double({ min: 2 ** 53, max: Number.MAX_VALUE, noDefaultInfinity: true }),
  fc.double({ min: Number.MIN_VALUE, max: 9.99e-131 }).map((n) => -n),
);

/**
 * A `stats` or `result` DynamoDB cannot store, in one place: an unstorable number somewhere inside, nesting
 * past `maxDepth` (up to thousands of levels), an empty key below the top, more than `maxKeys` keys, or
 * more than `maxBytes` of JSON.
 */
const unstorableReport: fc.Arbitrary<{ value: Record<string, unknown>; flaw: string }> = fc.oneof(
  fc
    .tuple(storableKey, unstorableNumber, fc.nat({ max: 4 }), fc.boolean())
    .map(([key, n, levels, lists]) => ({
      value: { [key]: nestedIn(n, levels, lists) },
      flaw: 'unstorable number',
    })),
  fc
    .tuple(
      fc.oneof(fc.constant(REPORT_LIMITS.maxDepth), fc.integer({ min: REPORT_LIMITS.maxDepth, max: 5_000 })),
      fc.boolean(),
    )
    .map(([levels, lists]) => ({ value: { deep: nestedIn(1, levels, lists) }, flaw: 'nested too deep' })),
  fc.tuple(storableKey, fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([key, levels, lists]) => ({
    value: { [key]: nestedIn({ '': 1 }, levels - 1, lists) },
    flaw: 'empty key inside',
  })),
  fc
    .tuple(storableKey, fc.integer({ min: 1, max: 4 }), fc.boolean(), storableLeaf)
    .map(([key, levels, lists, leaf]) => ({
      value: { [key]: nestedIn(JSON.parse(`{"constructor":${JSON.stringify(leaf)}}`), levels - 1, lists) },
      flaw: 'constructor key inside',
    })),
  fc.integer({ min: REPORT_LIMITS.maxKeys + 1, max: 400 }).map((count) => ({
    value: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i])),
    flaw: 'too many keys',
  })),
  fc
    .integer({ min: REPORT_LIMITS.maxBytes, max: 420_000 })
    .map((length) => ({ value: { s: 'x'.repeat(length) }, flaw: 'too large' })),
);

/**
 * A report the worker-assistant must refuse as `labourer_id_mismatch` (an outcome, not an error: the
 * task is left as it was, with a `completion_rejected` meta row), naming a labourer that is not the
 * task's (`labourerId`): any of the three actions, from a labourer of the config (`otherLabourerId`, whose
 * failures can be timed) or, for completions and deaths, which need no timing, from one the config does
 * not know (a failure of an unknown labourer is `UnknownLabourerError`, see `malformedReport`).
 */
export function mismatchedLabourerReport(
  labourerId: string,
  otherLabourerId: string,
): fc.Arbitrary<Record<string, unknown>> {
  const stranger = fc
    .string({ minLength: 1, maxLength: 16 })
    .filter((id) => id !== labourerId && id !== otherLabourerId);
  return fc.oneof(
    fc
      .tuple(
        validReport(labourerId),
        stranger,
        fc.constantFrom('mark_task_as_completed', 'mark_task_as_dead'),
      )
      .map(([valid, other, action]) => ({ ...valid, action, labourer_id: other })),
    fc
      .tuple(validReport(otherLabourerId), fc.constantFrom(...ACTIONS_WITHOUT_ATTEMPT))
      .map(([valid, action]) => ({ ...valid, action, labourer_id: otherLabourerId })),
  );
}

/**
 * `JSON.stringify(value)` without recursion. V8's `JSON.stringify` overflows the stack between 4,000 and
 * 5,000 levels, and reports nested up to 5,000 deep are sent as text too. Handles what reports hold:
 * JSON values, with `undefined` left out of objects and written `null` in arrays, as `JSON.stringify` does.
 *
 * @example
 * jsonText({ a: [1, { b: null }] }); // '{"a":[1,{"b":null}]}'
 */
export function jsonText(value: unknown): string {
  const text: string[] = [];
  // What is left to write, last first: a value, or text written as it is (brackets, commas, keys).
  const pending: ({ value: unknown } | { text: string })[] = [{ value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if ('text' in next) {
      text.push(next.text);
      continue;
    }
    const current = next.value;
    if (typeof current !== 'object' || current === null) {
      // `undefined` (an array's item or hole) has no JSON text: written `null`, as JSON.stringify does.
      const leaf = JSON.stringify(current) as string | undefined;
      text.push(leaf ?? 'null');
      continue;
    }
    const entries = Array.isArray(current)
      ? Array.from(current as unknown[], (item): [string | undefined, unknown] => [undefined, item])
      : Object.entries(current).filter(
          ([, field]) => field !== undefined && typeof field !== 'function' && typeof field !== 'symbol',
        );
    const [open, close] = Array.isArray(current) ? ['[', ']'] : ['{', '}'];
    pending.push({ text: close });
    entries.reverse().forEach(([key, item], fromEnd) => {
      pending.push({ value: item });
      if (key !== undefined) pending.push({ text: `${JSON.stringify(key)}:` });
      if (fromEnd < entries.length - 1) pending.push({ text: ',' });
    });
    pending.push({ text: open });
  }
  return text.join('');
}

/**
 * Reports wrong in exactly one field, and that field: not an object at all, a bad `action`, `task_id`,
 * `labourer_id`, `stats`, `result` or `reason`, a `stats` or `result` that DynamoDB cannot store (a number
 * out of range, nesting past 32 levels, an empty key at any level, too many keys, too many bytes), a
 * failure of a labourer the config does not know (neither `labourerId` nor one of `otherLabourerIds`, the
 * config's other labourers). Each is sent as an object or as its JSON text.
 */
export function malformedReport(
  labourerId: string,
  otherLabourerIds: readonly string[] = [],
): fc.Arbitrary<Malformed> {
  const report = validReport(labourerId);
  const set = (
    field: string,
    values: fc.Arbitrary<unknown>,
    flaw: string,
    base: fc.Arbitrary<Record<string, unknown>> = report,
  ): fc.Arbitrary<Malformed> =>
    fc.tuple(base, values).map(([valid, value]) => ({ input: withField(valid, field, value), field, flaw }));
  const unknownLabourer = fc
    .string({ minLength: 1, maxLength: 16 })
    .filter((id) => id !== labourerId && !otherLabourerIds.includes(id));

  const oneBadField = fc.oneof(
    set('action', fc.oneof(fc.constant(undefined), notText, fc.constant(null)), 'bad action'),
    set(
      'action',
      fc.string({ maxLength: 24 }).filter((action) => !WORKER_ACTIONS.some((known) => known === action)),
      'unknown action',
    ),
    set('task_id', fc.oneof(fc.constantFrom(undefined, null, ''), notText), 'bad task_id'),
    set('labourer_id', fc.oneof(fc.constantFrom(null, ''), notText), 'bad labourer_id'),
    set('stats', notAReport, 'bad stats'),
    set('result', notAReport, 'bad result'),
    set('reason', fc.oneof(notText, fc.constant(null)), 'bad reason'),
    // Refused by the event schema whatever the action, though `mark_task_as_dead` stores neither field.
    set(
      'stats',
      fc.dictionary(storableKey, storableLeaf, { maxKeys: 3 }).map((fields) => ({ ...fields, '': 1 })),
      'empty stats key',
    ),
    ...(['stats', 'result'] as const).map((field) =>
      fc
        .tuple(report, unstorableReport)
        .map(([valid, { value, flaw }]) => ({ input: withField(valid, field, value), field, flaw })),
    ),
    set(
      'labourer_id',
      unknownLabourer,
      'failure of unknown labourer',
      report.map((valid) => ({ ...valid, action: 'mark_task_as_failed' })),
    ),
  );
  const sent = fc
    .tuple(oneBadField, fc.boolean())
    .map(([bad, asText]) => (asText ? { ...bad, input: jsonText(bad.input) } : bad));
  const notAnEvent = fc.oneof(
    neitherObjectNorText.map((input) => ({ input, field: '(root)', flaw: 'event not an object' })),
    notJsonText.map((input) => ({ input, field: '(root)', flaw: 'event text not JSON' })),
    neitherObjectNorText.map((value) => ({
      input: JSON.stringify(value),
      field: '(root)',
      flaw: 'event text not an object',
    })),
  );
  return fc.oneof({ weight: 5, arbitrary: sent }, { weight: 1, arbitrary: notAnEvent });
}
