import type { Schema } from '@sosw/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import type { BaseContext, InputOf } from '../../types.js';
import { parseInput } from '../../worker-input.js';
import { compileEventPattern, type EventMatcher, type EventPattern } from '../event-pattern.js';
import { runWithFlow } from '../flow.js';
import { triggerName } from './trigger-name.js';
import {
  call,
  type AppSource,
  type DeclareTrigger,
  type PayloadRegistration,
  type Registered,
  type WithSchema,
} from './source.js';

/**
 * The event source: an EventBridge rule with the trigger's pattern (`infra/src/triggers/event-source.ts`).
 * The app matches each event against the patterns itself (`event-pattern.ts`), so one Lambda can serve
 * many rules.
 */

/** Matched by an EventBridge rule on `eventBus` (default bus when absent). */
export const eventTriggerSchema = z.strictObject({
  kind: z.literal('event'),
  name: triggerName,
  /** An EventBridge event pattern, e.g. `{ source: ['my.app'], 'detail-type': ['OrderPlaced'] }`. */
  pattern: z
    .record(z.string(), z.unknown())
    .refine((pattern) => Object.keys(pattern).length > 0, 'an event pattern needs at least one field'),
  eventBus: z.string().min(1).optional(),
});

export type EventTrigger = z.output<typeof eventTriggerSchema>;

/** Options of `onEvent`: `name` (required), `eventBus`, and a `schema` of the event's `detail`. */
export type EventOptions<S extends Schema | undefined = undefined> = Omit<
  z.input<typeof eventTriggerSchema>,
  'kind' | 'pattern'
> &
  WithSchema<S>;

/** What an EventBridge handler receives besides the event. */
export interface EventContext extends BaseContext {
  trigger: EventTrigger;
  /** The event as it arrived, `detail` not yet parsed. */
  raw: EventBridgeEvent<string, unknown>;
}

/** The work for one EventBridge event; its `detail` is the schema's output. */
export type EventFunction<S extends Schema | undefined> = (
  event: EventBridgeEvent<string, InputOf<S>>,
  context: EventContext,
) => unknown;

export interface EventRegistration extends PayloadRegistration<EventTrigger, Registered<EventContext>> {
  matches: EventMatcher;
}

/**
 * Declares the trigger of `onEvent(pattern, options, fn)`, and compiles its pattern, so a pattern outside
 * EventBridge's grammar fails here, naming its path.
 *
 * @throws {WorkerOptionError} naming `onEvent("<name>").pattern...` for a malformed pattern
 *
 * @example
 * registrations.event.push(eventRegistration(declare, { source: ['my.app'] }, { name: 'mine' }, fn));
 */
export function eventRegistration<S extends Schema | undefined>(
  declare: DeclareTrigger,
  pattern: EventPattern,
  options: EventOptions<S>,
  fn: EventFunction<S>,
): EventRegistration {
  const { schema, ...rest } = options;
  // `name` is required; a plain JavaScript caller may still leave it out, and hear about it from `declare`.
  const where = typeof rest.name === 'string' ? `onEvent("${rest.name}")` : 'onEvent';
  const trigger = declare(where, 'event', { ...rest, pattern });
  const matches = compileEventPattern(trigger.pattern, `${where}.pattern`);
  return { trigger, fn, schema, matches };
}

/**
 * An EventBridge event (it has `detail-type`, `source` and `detail`). It goes to the first `onEvent`, in
 * registration order, whose pattern matches it.
 */
export const eventSource: AppSource<EventBridgeEvent<string, unknown>> = {
  recognise: (event) =>
    typeof event['detail-type'] === 'string' && typeof event.source === 'string' && 'detail' in event
      ? (event as unknown as EventBridgeEvent<string, unknown>)
      : undefined,

  dispatcher({ event: events }, tools) {
    return async (event, lambdaContext) => {
      const registration = events.find(({ matches }) => matches(event));
      if (registration === undefined) {
        throw tools.unclaimed(
          `an EventBridge event from source "${event.source}" with detail-type "${event['detail-type']}"`,
        );
      }
      const { trigger, fn, schema } = registration;
      await runWithFlow({ kind: 'event', trigger: trigger.name, event }, tools.flow, async () => {
        const detail = parseInput(
          await tools.reader.decode(event.detail),
          schema,
          `detail of event ${event.id}`,
        );
        await call(fn)({ ...event, detail }, { ...tools.base(lambdaContext), trigger, raw: event });
      });
      return undefined;
    };
  },
};
