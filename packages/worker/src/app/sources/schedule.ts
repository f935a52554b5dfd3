import type { Schema } from '@sosw/core';
import { z } from 'zod';
import type { BaseContext } from '../../types.js';
import { parseInput } from '../../worker-input.js';
import { runWithFlow } from '../flow.js';
import { triggerName } from './trigger-name.js';
import {
  call,
  type AppSource,
  type DeclareTrigger,
  type PayloadFunction,
  payloadRegistration,
  type PayloadRegistration,
  type Registered,
  type TriggerOptions,
  type WithSchema,
} from './source.js';

/**
 * The schedule source: EventBridge Scheduler invokes the worker on a `rate(...)` or `cron(...)`
 * expression (`infra/src/triggers/schedule-source.ts`), with `{ "sosw_schedule": "<name>", "payload": {...} }`.
 */

/** The field of the event the infra's schedules send: `{ "sosw_schedule": "<name>", "payload": {...} }`. */
export const SCHEDULE_FIELD = 'sosw_schedule';

/** `rate(5 minutes)` or `cron(0 3 * * ? *)`: EventBridge Scheduler's expressions. */
const scheduleExpression = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/,
    'rate(<n> <unit>) or cron(<6 fields>)',
  );

/** Runs on a schedule (EventBridge Scheduler). The handler receives `payload` (default `{}`). */
export const scheduleTriggerSchema = z.strictObject({
  kind: z.literal('schedule'),
  name: triggerName,
  expression: scheduleExpression,
  /** IANA time zone of a cron expression; UTC when absent. */
  timezone: z.string().min(1).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().default(true),
});

export type ScheduleTrigger = z.output<typeof scheduleTriggerSchema>;

/** Options of `onSchedule`: the trigger's (`expression` required) and a `schema` of the payload. */
export type ScheduleOptions<S extends Schema | undefined = undefined> = TriggerOptions<
  typeof scheduleTriggerSchema
> &
  WithSchema<S>;

/** What a schedule handler receives besides the payload. */
export interface ScheduleContext extends BaseContext {
  trigger: ScheduleTrigger;
  /** The event as it arrived: `{ sosw_schedule, payload }`. */
  event: Record<string, unknown>;
}

/** The work for one scheduled run. */
export type ScheduleFunction<S extends Schema | undefined> = PayloadFunction<S, ScheduleContext>;

export type ScheduleRegistration = PayloadRegistration<ScheduleTrigger, Registered<ScheduleContext>>;

/**
 * Declares the trigger of `onSchedule(name, options, fn)`: its options go to the trigger, `schema` stays
 * with the function.
 *
 * @example
 * registrations.schedule.push(scheduleRegistration(declare, 'nightly', { expression: 'rate(1 day)' }, fn));
 */
export function scheduleRegistration<S extends Schema | undefined>(
  declare: DeclareTrigger,
  name: string,
  options: ScheduleOptions<S>,
  fn: ScheduleFunction<S>,
): ScheduleRegistration {
  return payloadRegistration(declare, `onSchedule("${name}")`, 'schedule', { ...options, name }, fn);
}

/** A schedule event: `sosw_schedule` names the schedule. */
export const scheduleSource: AppSource<{ name: string; event: Record<string, unknown> }> = {
  recognise(event) {
    const name = event[SCHEDULE_FIELD];
    return typeof name === 'string' ? { name, event } : undefined;
  },

  dispatcher({ schedule: schedules }, tools) {
    return async ({ name, event }, lambdaContext) => {
      const registration = schedules.find(({ trigger }) => trigger.name === name);
      if (registration === undefined) throw tools.unclaimed(`a schedule event for "${name}"`);
      const { trigger, fn, schema } = registration;
      await runWithFlow({ kind: 'schedule', trigger: name, event }, tools.flow, async () => {
        // An event without `payload` gets the trigger's, which is what the infra's schedule sends.
        const raw = event.payload ?? trigger.payload ?? {};
        const payload = parseInput(await tools.reader.decode(raw), schema, `payload of schedule "${name}"`);
        await call(fn)(payload, { ...tools.base(lambdaContext), trigger, event });
      });
      return undefined;
    };
  },
};
