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
 * A number DynamoDB stores as it is: zero, or a magnitude from 1e-9 to 1e9 (DynamoDB refuses magnitudes
 * under 1e-130 and the SDK numbers over 2^53; those are left out here, see the chaos README).
 */
const storableNumber = fc.oneof(
  fc.integer(),
  fc
    .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
    .filter((n) => n === 0 || Math.abs(n) >= 1e-9)
    .map((n) => (n === 0 ? 0 : n)),
);
/** A key DynamoDB takes in a map: not empty. */
const storableKey = fc.string({ minLength: 1, maxLength: 12 });
const storableLeaf = fc.oneof(storableNumber, fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null));
const { storable } = fc.letrec<{ storable: unknown }>((tie) => ({
  storable: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    storableLeaf,
    fc.array(tie('storable'), { maxLength: 3 }),
    fc.dictionary(storableKey, tie('storable'), { maxKeys: 3 }),
  ),
}));

/**
 * `stats` or `result` as a worker sends them: an object (a few keys, values nested two deep at most), its
 * JSON text (as Python workers send it), or `null` (absent).
 */
export const workerReportFields = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(storableKey, storable, { maxKeys: 6 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(storableKey, storable, { maxKeys: 6 }).map((fields) => JSON.stringify(fields)),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A report the worker-assistant must record, for the labourer `labourerId` (named in it, or not). */
export function validReport(labourerId: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      action: fc.constantFrom(...WORKER_ACTIONS),
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

/**
 * Reports wrong in exactly one field, and that field: not an object at all, a bad `action`, `task_id`,
 * `labourer_id`, `stats`, `result` or `reason`, a `stats` key that cannot be an attribute name, a failure of
 * a labourer the config does not know. Each is sent as an object or as its JSON text.
 */
export function malformedReport(labourerId: string): fc.Arbitrary<Malformed> {
  const report = validReport(labourerId);
  const set = (
    field: string,
    values: fc.Arbitrary<unknown>,
    flaw: string,
    base: fc.Arbitrary<Record<string, unknown>> = report,
  ): fc.Arbitrary<Malformed> =>
    fc.tuple(base, values).map(([valid, value]) => ({ input: withField(valid, field, value), field, flaw }));
  // A report the task manager reads stats and result of (`mark_task_as_dead` ignores both).
  const completedOrFailed = report.chain((valid) =>
    fc.constantFrom('mark_task_as_completed', 'mark_task_as_failed').map((action) => ({ ...valid, action })),
  );
  const unknownLabourer = fc.string({ minLength: 1, maxLength: 16 }).filter((id) => id !== labourerId);

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
    set(
      'stats',
      fc.dictionary(storableKey, storableLeaf, { maxKeys: 3 }).map((fields) => ({ ...fields, '': 1 })),
      'empty stats key',
      completedOrFailed,
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
    .map(([bad, asText]) => (asText ? { ...bad, input: JSON.stringify(bad.input) } : bad));
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
