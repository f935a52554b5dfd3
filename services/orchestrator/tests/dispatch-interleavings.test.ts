import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { Ecology } from '@sosw/ecology';
import { TaskManager, toLabourer, parseTaskConfig, type Labourer, type TaskRow } from '@sosw/task-manager';
import { createTestTables, LOCAL_CREDENTIALS, LOCAL_REGION, type TestTables } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Budgets } from '../src/budgets.js';
import { dispatchGroups, resourcesOf } from '../src/dispatch-groups.js';
import { dispatchGroup, dispatchLabourer, type DispatchContext } from '../src/group-dispatch.js';
import type { Trigger } from '../src/trigger.js';
import { NOW_MS, RecordingLogger, runningNow } from './helpers/factories.js';

/**
 * The dispatch protocol over its interleavings: fast-check's scheduler decides, call by call, which of
 * several orchestrator runs (two scheduled ones and a dispatch request) and a worker reporting completions
 * sends its next DynamoDB request. Each request moves the shared clock on by 100 ms, so leases are renewed
 * and runs reach their deadline. The requests go to DynamoDB Local for real. At every invoke the tasks
 * table is read strongly consistent: the labourer's running tasks never exceed its budget, and no task is
 * invoked twice for one attempt.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const BUDGET = 2;
const TASKS = 5;
const DURATION = 600;
const COOLDOWN = 300;

let run = 0;

/** A DynamoDB client whose every request waits for the scheduler's turn, then moves the clock 100 ms. */
function gatedClient(s: fc.Scheduler, clock: FixedClock): DynamoClient {
  const gated = new DynamoClient();
  const send = gated.documentClient.send.bind(gated.documentClient) as (command: unknown) => Promise<unknown>;
  (gated.documentClient as { send: (command: unknown) => Promise<unknown> }).send = async (command) => {
    await s.schedule(Promise.resolve(), (command as object).constructor.name);
    clock.advance(100);
    return send(command);
  };
  return gated;
}

it('never runs more than the budget, and never invokes an attempt twice, however the runs interleave', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, withRequest) => {
      run += 1;
      const labourerId = `inter${String(run)}`;
      const clock = new FixedClock(NOW_MS);
      const checker = new DynamoClient();

      const gated = gatedClient(s, clock);

      const labourer: Labourer = toLabourer(
        labourerId,
        parseTaskConfig({
          labourers: {
            [labourerId]: {
              arn: labourerId,
              max_simultaneous_invocations: BUDGET,
              duration: DURATION,
              cooldown: COOLDOWN,
            },
          },
        }).labourers[labourerId]!,
        parseTaskConfig({}),
        DURATION,
      );
      await new TaskManager({ db: checker, tables: tables.names, clock }).createTasks(
        labourerId,
        Array.from({ length: TASKS }, (_, n) => ({ task_id: `${labourerId}-${String(n)}`, payload: { n } })),
      );

      const invoked: string[] = [];
      const violations: string[] = [];
      const finished = new Set<string>();
      const worker = new TaskManager({ db: gated, tables: tables.names, clock, author: 'worker' });
      const completions: Promise<unknown>[] = [];

      const runOf = (trigger: Trigger, name: string): Promise<unknown> => {
        const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
        mockClient(lambda)
          .on(InvokeCommand)
          .callsFake(async (input: { Payload: Uint8Array }) => {
            const task = JSON.parse(Buffer.from(input.Payload).toString()) as TaskRow;
            const attempt = `${task.task_id}#${String(task.attempts)}`;
            if (invoked.includes(attempt)) violations.push(`${attempt} invoked twice`);
            invoked.push(attempt);
            const running = await runningNow(
              checker,
              tables,
              { id: labourerId, duration: DURATION, cooldown: COOLDOWN },
              clock.nowMs(),
            );
            if (running > BUDGET)
              violations.push(`${String(running)} running at ${attempt}, budget ${BUDGET}`);
            // The worker reports when the scheduler lets it.
            completions.push(worker.markCompleted(task.task_id).then(() => finished.add(task.task_id)));
            return { StatusCode: 202 };
          });
        const taskManager = new TaskManager({
          db: gated,
          lambda,
          tables: tables.names,
          clock,
          stats: new Stats(),
          author: name,
        });
        const ctx: DispatchContext = {
          taskManager,
          budgets: new Budgets(new Ecology({ clock }), [labourer], [], clock),
          clock,
          logger: new RecordingLogger(),
          trigger,
          owner: name,
          deadlineMs: NOW_MS + 20_000,
          refillIntervalMs: 1,
          schedulePeriodMs: 60_000,
          invokeConcurrency: 2,
        };
        return dispatchLabourer(ctx, labourer);
      };

      const runs = [
        runOf({ kind: 'schedule' }, 'first'),
        runOf({ kind: 'schedule' }, 'second'),
        ...(withRequest
          ? [runOf({ kind: 'request', labourerIds: [labourerId], reason: 'test' }, 'request')]
          : []),
      ];
      await s.waitFor(Promise.all(runs));
      await s.waitFor(Promise.all(completions));

      expect(violations).toEqual([]);
      // Every task was invoked: the runs went on while there was work and time.
      expect(new Set(invoked.map((attempt) => attempt.split('#')[0])).size).toBe(TASKS);
    }),
    { numRuns: 12 },
  );
}, 240_000);

it('never runs more tasks on a shared resource than its budget, however two runs of the group interleave', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, withRequest) => {
      run += 1;
      const ids = [`left${String(run)}`, `right${String(run)}`];
      const clock = new FixedClock(NOW_MS);
      const checker = new DynamoClient();
      const gated = gatedClient(s, clock);
      const taskConfig = parseTaskConfig({
        resources: { db: { max_simultaneous: BUDGET } },
        labourers: Object.fromEntries(
          ids.map((id) => [
            id,
            {
              arn: id,
              max_simultaneous_invocations: BUDGET,
              duration: DURATION,
              cooldown: COOLDOWN,
              resources: ['db'],
            },
          ]),
        ),
      });
      const labourers = ids.map((id) => toLabourer(id, taskConfig.labourers[id]!, taskConfig, DURATION));
      const resources = resourcesOf(taskConfig);
      const [group] = dispatchGroups(labourers, resources);
      const creator = new TaskManager({ db: checker, tables: tables.names, clock });
      for (const id of ids) {
        await creator.createTasks(
          id,
          Array.from({ length: 3 }, (_, n) => ({ task_id: `${id}-${String(n)}`, payload: { n } })),
        );
      }

      const invoked: string[] = [];
      const violations: string[] = [];
      const worker = new TaskManager({ db: gated, tables: tables.names, clock, author: 'worker' });
      const completions: Promise<unknown>[] = [];
      const runOf = (trigger: Trigger, name: string): Promise<unknown> => {
        const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
        mockClient(lambda)
          .on(InvokeCommand)
          .callsFake(async (input: { Payload: Uint8Array }) => {
            const task = JSON.parse(Buffer.from(input.Payload).toString()) as TaskRow;
            const attempt = `${task.task_id}#${String(task.attempts)}`;
            if (invoked.includes(attempt)) violations.push(`${attempt} invoked twice`);
            invoked.push(attempt);
            let onResource = 0;
            for (const id of ids) {
              onResource += await runningNow(
                checker,
                tables,
                { id, duration: DURATION, cooldown: COOLDOWN },
                clock.nowMs(),
              );
            }
            if (onResource > BUDGET) violations.push(`${String(onResource)} running on db at ${attempt}`);
            completions.push(worker.markCompleted(task.task_id));
            return { StatusCode: 202 };
          });
        const taskManager = new TaskManager({ db: gated, lambda, tables: tables.names, clock, author: name });
        const ctx: DispatchContext = {
          taskManager,
          budgets: new Budgets(new Ecology({ clock }), labourers, [...resources.values()], clock),
          clock,
          logger: new RecordingLogger(),
          trigger,
          owner: name,
          deadlineMs: NOW_MS + 20_000,
          refillIntervalMs: 1,
          schedulePeriodMs: 60_000,
          invokeConcurrency: 2,
        };
        return dispatchGroup(ctx, group!);
      };

      const runs = [
        runOf({ kind: 'schedule' }, 'first'),
        runOf({ kind: 'schedule' }, 'second'),
        ...(withRequest
          ? [runOf({ kind: 'request', labourerIds: [ids[1]!], reason: 'test' }, 'request')]
          : []),
      ];
      await s.waitFor(Promise.all(runs));
      await s.waitFor(Promise.all(completions));

      expect(violations).toEqual([]);
      expect(new Set(invoked.map((attempt) => attempt.split('#')[0])).size).toBe(6);
    }),
    { numRuns: 8 },
  );
}, 240_000);
