import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  defineApp,
  DuplicateTriggerError,
  triggerSchema,
  WorkerOptionError,
  type Trigger,
} from '../../src/index.js';

const noop = () => undefined;

describe('defineApp: app.triggers, the declaration the infra reads', () => {
  it('lists every trigger in registration order, validated, defaults filled, names as the contract says', () => {
    const app = defineApp()
      .onTask(noop)
      .onSchedule('nightly', { expression: 'cron(0 3 * * ? *)', payload: { days: 1 } }, noop)
      .onQueue('orders', noop)
      .onTopic('alerts', { filterPolicy: { level: ['error'] } }, noop)
      .onObject('uploads-bucket', { events: ['s3:ObjectCreated:*'], prefix: 'in/', suffix: '.csv' }, noop)
      .onStream('orders-table', noop)
      .onEvent({ source: ['my.app'] }, { name: 'order-placed', eventBus: 'shop' }, noop);

    expect(app.triggers).toEqual<Trigger[]>([
      {
        kind: 'schedule',
        name: 'nightly',
        expression: 'cron(0 3 * * ? *)',
        payload: { days: 1 },
        enabled: true,
      },
      { kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 5 },
      { kind: 'topic', name: 'alerts', filterPolicy: { level: ['error'] } },
      {
        kind: 'object',
        name: 'uploads-bucket',
        bucket: 'uploads-bucket',
        events: ['s3:ObjectCreated:*'],
        prefix: 'in/',
        suffix: '.csv',
      },
      {
        kind: 'stream',
        name: 'orders-table',
        table: 'orders-table',
        startingPosition: 'LATEST',
        batchSize: 100,
        maxRetries: 3,
      },
      { kind: 'event', name: 'order-placed', pattern: { source: ['my.app'] }, eventBus: 'shop' },
    ]);
    // Plain data: each one parses with the contract's schema as it is, and survives JSON.
    for (const trigger of app.triggers) expect(triggerSchema.parse(trigger)).toEqual(trigger);
    expect(JSON.parse(JSON.stringify(app.triggers))).toEqual(app.triggers);
    expect(Object.isFrozen(app.triggers)).toBe(true);
  });

  it('handler-only options (schema, concurrency, deadLetter, mediaTypes) stay out of the trigger', () => {
    const app = defineApp().onQueue(
      'orders',
      { schema: z.object({ id: z.string() }), concurrency: 2, deadLetter: noop, batchSize: 5 },
      noop,
    );
    expect(app.triggers).toEqual([{ kind: 'queue', name: 'orders', batchSize: 5, maxReceiveCount: 5 }]);
  });
});

describe('defineApp: a bad option fails at registration, naming the field', () => {
  const message = (register: () => unknown) => {
    try {
      register();
    } catch (error) {
      expect(error).toBeInstanceOf(WorkerOptionError);
      return (error as Error).message;
    }
    throw new Error('expected the registration to throw');
  };

  it('a trigger option outside its schema', () => {
    expect(message(() => defineApp().onQueue('orders', { batchSize: 0 }, noop))).toMatch(
      /^worker option onQueue\("orders"\)\.batchSize is invalid: /,
    );
    expect(message(() => defineApp().onSchedule('nightly', { expression: 'every night' }, noop))).toMatch(
      /onSchedule\("nightly"\)\.expression is invalid: .*rate\(<n> <unit>\) or cron\(<6 fields>\)/,
    );
    expect(
      message(() => defineApp().onObject('Bad_Bucket', { events: ['s3:ObjectCreated:*'] }, noop)),
    ).toMatch(/onObject\("Bad_Bucket"\)\.bucket is invalid: .*an S3 bucket name/);
    expect(message(() => defineApp().onObject('uploads', { events: [] }, noop))).toMatch(
      /onObject\("uploads"\)\.events is invalid/,
    );
    expect(message(() => defineApp().onStream('orders-table', { maxRetries: -1 }, noop))).toMatch(
      /onStream\("orders-table"\)\.maxRetries is invalid/,
    );
    expect(message(() => defineApp().onQueue('bad name', noop))).toMatch(
      /onQueue\("bad name"\)\.name is invalid/,
    );
  });

  it('an option the trigger does not know (a typo)', () => {
    expect(message(() => defineApp().onQueue('orders', { batchsize: 5 } as never, noop))).toBe(
      'worker option onQueue("orders").batchsize is invalid: unknown field',
    );
  });

  it('an event pattern outside the grammar, and an event trigger without a name', () => {
    expect(
      message(() => defineApp().onEvent({ detail: { n: [{ numerc: ['>', 1] }] } }, { name: 'x' }, noop)),
    ).toBe('worker option onEvent("x").pattern.detail.n[0] is invalid: unknown operator "numerc"');
    expect(message(() => defineApp().onEvent({ source: ['a'] }, {} as never, noop))).toMatch(
      /^worker option onEvent\.name is invalid/,
    );
  });

  it('a queue concurrency, and onTask’s reportBeforeTimeoutMs', () => {
    expect(message(() => defineApp().onQueue('orders', { concurrency: 0 }, noop))).toBe(
      'worker option onQueue("orders").concurrency is invalid: expected a positive whole number, got 0',
    );
    expect(message(() => defineApp().onTask(noop, { reportBeforeTimeoutMs: -1 }))).toMatch(
      /onTask\.reportBeforeTimeoutMs/,
    );
  });
});

describe('defineApp: one handler per source', () => {
  const duplicate = (register: () => unknown) => {
    expect(register).toThrow(DuplicateTriggerError);
    try {
      register();
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };

  it('the same source twice', () => {
    expect(duplicate(() => defineApp().onQueue('orders', noop).onQueue('orders', noop))).toBe(
      'worker option onQueue("orders") is invalid: a queue handler for "orders" is already registered; one handler per source',
    );
    const object = { events: ['s3:ObjectCreated:*' as const] };
    duplicate(() => defineApp().onObject('uploads', object, noop).onObject('uploads', object, noop));
    duplicate(() => defineApp().onStream('orders-table', noop).onStream('orders-table', noop));
    duplicate(() =>
      defineApp()
        .onEvent({ a: ['1'] }, { name: 'e' }, noop)
        .onEvent({ b: ['2'] }, { name: 'e' }, noop),
    );
    duplicate(() =>
      defineApp()
        .onSchedule('n', { expression: 'rate(1 day)' }, noop)
        .onSchedule('n', { expression: 'rate(2 days)' }, noop),
    );
    expect(duplicate(() => defineApp().onTask(noop).onTask(noop))).toMatch(
      /a task handler is already registered/,
    );
  });

  it('one name for two kinds of trigger', () => {
    expect(duplicate(() => defineApp().onQueue('orders', noop).onTopic('orders', noop))).toMatch(
      /the name "orders" is already used by the queue trigger/,
    );
  });

  it('two queue (or topic) names one of which ends with -<the other>: ambiguous', () => {
    expect(duplicate(() => defineApp().onQueue('orders', noop).onQueue('eu-orders', noop))).toMatch(
      /queue names "orders" and "eu-orders" are ambiguous/,
    );
    duplicate(() => defineApp().onTopic('eu-alerts', noop).onTopic('alerts', noop));
    // Not ambiguous: no -suffix relation, or different kinds of source.
    expect(() => defineApp().onQueue('orders', noop).onQueue('backorders', noop)).not.toThrow();
    expect(() => defineApp().onQueue('orders', noop).onTopic('eu-orders', noop)).not.toThrow();
  });
});
