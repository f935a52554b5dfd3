import { isPlainObject, type Schema } from '@sosw/core';
import type { z } from 'zod';
import type { PayloadReader } from '../../payload-reader.js';
import type { BaseContext, InputOf, LambdaContextLike, WorkerLogger } from '../../types.js';
import type { UnclaimedEventError } from '../errors.js';
import type { FlowTools } from '../flow.js';
import type { DefineAppOptions } from '../types.js';
import type { AppRegistrations, Trigger, TriggerKind } from './index.js';

/**
 * The contract every module of `app/sources/` keeps. A module per kind of event source, named as the
 * trigger `kind` the infra wires: `app/sources/queue.ts` here, `infra/src/triggers/queue-source.ts` there.
 * Each module holds three things about its source:
 *
 * - what `on<Kind>` declares: the trigger's options schema (the contract with the infra), the handler's
 *   own options, and the checks made at registration;
 * - how an incoming event is recognised as this source's (`recognise`), by the shape AWS documents;
 * - how a recognised event is dispatched to the registered functions (`dispatcher`).
 */

/** What an app gives every source's dispatch, made once by `app.handler()`. */
export interface SourceTools {
  /** The options of `defineApp`: the shared SQS client and payload reading. */
  readonly options: DefineAppOptions;
  readonly logger: WorkerLogger;
  /** Decodes payloads (the serializer, S3 offload) as everywhere in the SDK. */
  readonly reader: PayloadReader;
  /** What `runWithFlow` needs: the logger and the app's `rejected` callback. */
  readonly flow: FlowTools;
  /** The part of a handler's context every source gives: fresh stats and signal per call. */
  base(lambdaContext: LambdaContextLike | undefined): BaseContext;
  /** The error for an event nothing registered claims, listing what the app does handle. */
  unclaimed(description: string): UnclaimedEventError;
}

/** Sends one recognised event to the registered functions; answers what Lambda should get back. */
export type Dispatch<E> = (event: E, lambdaContext: LambdaContextLike | undefined) => Promise<unknown>;

/**
 * One kind of event source, as the app's runtime sees it.
 *
 * @example
 * const dispatch = queueSource.dispatcher(registrations, tools);
 * const batch = queueSource.recognise(event);
 * if (batch !== undefined) await dispatch(batch, lambdaContext);
 */
export interface AppSource<E> {
  /**
   * This source's event, typed, when `event` has the shape its AWS service sends; `undefined` otherwise.
   * Sources are asked in the order of `APP_SOURCES`; the first that recognises an event gets it.
   */
  recognise(event: Record<string, unknown>): E | undefined;
  /**
   * The dispatch for this source, given every registration of the app (the queue and topic sources also
   * carry S3 notifications to the object source's functions).
   */
  dispatcher(registrations: AppRegistrations, tools: SourceTools): Dispatch<E>;
}

/**
 * Validates a trigger with its kind's schema and adds it to `app.triggers`, or throws `WorkerOptionError`
 * naming the bad field (`onQueue("orders").batchSize`); a name already taken throws `DuplicateTriggerError`.
 */
export type DeclareTrigger = <K extends TriggerKind>(
  where: string,
  kind: K,
  input: Record<string, unknown>,
) => Extract<Trigger, { kind: K }>;

/** A trigger's own options as a user writes them: its schema's input without `kind` and the naming fields. */
export type TriggerOptions<T extends z.ZodType, Omitted extends string = never> = Omit<
  z.input<T>,
  'kind' | 'name' | Omitted
>;

/** The schema option every payload-carrying trigger takes. */
export interface WithSchema<S extends Schema | undefined> {
  /** A zod schema of the payload; a payload that fails it is rejected for good, naming the field. */
  schema?: S;
}

/** The work for one payload (a schedule's, a message's), parsed by the `schema` registered with it. */
export type PayloadFunction<S extends Schema | undefined, C> = (input: InputOf<S>, context: C) => unknown;

/** A registered function, its input type erased: the schema decides the input at run time. */
export type Registered<C> = (input: never, context: C) => unknown;

/** A registered function with a trigger and the schema of its input. */
export interface PayloadRegistration<T extends Trigger, F> {
  trigger: T;
  fn: F;
  schema: Schema | undefined;
}

/**
 * Declares a trigger whose options carry a `schema` of the payload: the schema stays with the function,
 * the rest (with `name`) goes to the trigger.
 *
 * @example
 * payloadRegistration(declare, 'onTopic("alerts")', 'topic', { ...options, name: 'alerts' }, fn);
 */
export function payloadRegistration<K extends TriggerKind, C>(
  declare: DeclareTrigger,
  where: string,
  kind: K,
  input: { schema?: Schema | undefined; name: string },
  fn: Registered<C>,
): PayloadRegistration<Extract<Trigger, { kind: K }>, Registered<C>> {
  const { schema, ...rest } = input;
  return { trigger: declare(where, kind, rest), fn, schema };
}

/** A registered function, called with its parsed input: the schema given with it typed that input. */
type Call<C> = (input: unknown, context: C) => unknown;

/** Calls a registered function with input its schema has parsed. */
export const call = <C>(fn: Registered<C>): Call<C> => fn as unknown as Call<C>;

/**
 * The first of an event's `Records`, when it is an object: what the sources of record batches (queue,
 * topic, object, stream) recognise their events by.
 *
 * @example
 * firstRecordOf({ Records: [{ eventSource: 'aws:sqs' }] }); // { eventSource: 'aws:sqs' }
 */
export function firstRecordOf(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const records = event.Records;
  if (!Array.isArray(records) || records.length === 0) return undefined;
  const first: unknown = records[0];
  return isPlainObject(first) ? first : undefined;
}
