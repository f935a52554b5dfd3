import { GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import type { ClosedTaskRow, MetaRow, RetryTaskRow, TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  completedRow,
  expiredRow,
  labourerConfig,
  metaActions,
  NOW,
  publishedMessages,
  retryRow,
  scavengerFor,
  taskRow,
  TOPIC_ARN,
  whereIs,
} from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const zero = {
  archived: 0,
  moved_to_retry: 0,
  buried: 0,
  retried: 0,
  skipped: 0,
  failed: 0,
  dead_letters_published: 0,
  dead_letters_failed: 0,
};

describe('Scavenger.run', () => {
  it('archives completed tasks and leaves running and queued ones alone', async () => {
    const { scavenger, db, stats } = scavengerFor(tables, {
      task_config: { labourers: { arch: labourerConfig('arch') } },
    });
    const done = [completedRow('arch', 'c1'), completedRow('arch', 'c2')];
    const running = taskRow('arch', 'run', { greenfield: NOW + 31_557_600 - 30, attempts: 1 });
    const queued = taskRow('arch', 'queued');
    await db.batchPut(tables.names.tasks, [...done, running, queued]);

    expect(await scavenger.run()).toEqual({ arch: { ...zero, archived: 2 } });

    for (const task of done) {
      expect(await whereIs(db, tables, task)).toEqual(['closed']);
      expect(await metaActions(db, tables, task.task_id)).toEqual(['archived']);
    }
    expect(await db.get<ClosedTaskRow>(tables.names.closed, { task_id: 'arch-c1' })).toMatchObject({
      labourer_id_task_status: 'arch_1',
      closed_at: NOW,
      stat_rows: 7,
    });
    expect(await whereIs(db, tables, running)).toEqual(['tasks']);
    expect(await whereIs(db, tables, queued)).toEqual(['tasks']);
    expect(stats.current()).toMatchObject({ tasks_archived: 2, labourers_processed: 1 });
  });

  it('sends expired tasks with attempts left to retry after duration * attempts (sosw linear)', async () => {
    const { scavenger, db } = scavengerFor(tables, {
      task_config: { labourers: { lin: labourerConfig('lin') } },
    });
    const once = expiredRow('lin', 'once', 1);
    const twice = expiredRow('lin', 'twice', 2);
    await db.batchPut(tables.names.tasks, [once, twice]);

    expect(await scavenger.run()).toEqual({ lin: { ...zero, moved_to_retry: 2 } });

    const retryOf = (task: TaskRow) =>
      db.get<RetryTaskRow>(
        tables.names.retry,
        { labourer_id: 'lin', task_id: task.task_id },
        { consistent: true },
      );
    expect((await retryOf(once))?.desired_launch_time).toBe(NOW + 60);
    expect((await retryOf(twice))?.desired_launch_time).toBe(NOW + 120);
    expect(await whereIs(db, tables, once)).toEqual(['retry']);
    expect(await metaActions(db, tables, once.task_id)).toEqual(['scheduled_for_retry']);
  });

  it('uses an exponential retry policy with full jitter when configured', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { scavenger, db } = scavengerFor(tables, {
      task_config: { labourers: { expo: labourerConfig('expo') } },
      retry_policy: { kind: 'exponential', base_seconds: 100, cap_seconds: 150 },
    });
    const first = expiredRow('expo', 'first', 1); // ceiling min(150, 100) = 100 -> 50
    const second = expiredRow('expo', 'second', 2); // ceiling min(150, 200) = 150 -> 75
    await db.batchPut(tables.names.tasks, [first, second]);

    await scavenger.run();

    const launch = async (task: TaskRow) =>
      (await db.get<RetryTaskRow>(tables.names.retry, { labourer_id: 'expo', task_id: task.task_id }))
        ?.desired_launch_time;
    expect(await launch(first)).toBe(NOW + 50);
    expect(await launch(second)).toBe(NOW + 75);
  });

  it('buries a task out of attempts and tells the dead-letter topic once, with its closed row', async () => {
    const { scavenger, db, snsMock, stats } = scavengerFor(tables, {
      task_config: { labourers: { dead: labourerConfig('dead') } },
      dead_letter_topic_arn: TOPIC_ARN,
    });
    const dead = expiredRow('dead', 'gone', 3);
    const alive = expiredRow('dead', 'alive', 2);
    await db.batchPut(tables.names.tasks, [dead, alive]);

    expect(await scavenger.run()).toEqual({
      dead: { ...zero, moved_to_retry: 1, buried: 1, dead_letters_published: 1 },
    });

    expect(await whereIs(db, tables, dead)).toEqual(['closed']);
    expect(await db.get<ClosedTaskRow>(tables.names.closed, { task_id: dead.task_id })).toMatchObject({
      labourer_id_task_status: 'dead_0',
      closed_at: NOW,
      attempts: 3,
    });
    const meta = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: dead.task_id },
    });
    expect(meta).toEqual([
      expect.objectContaining({
        action: 'archived_dead',
        author: 'test_scavenger',
        details: { attempts: 3, reason: 'no attempts left (3 made)' },
      }),
    ]);
    const calls = snsMock.commandCalls(PublishBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.TopicArn).toBe(TOPIC_ARN);
    expect(publishedMessages(snsMock)).toEqual([
      {
        task_id: dead.task_id,
        labourer_id: 'dead',
        attempts: 3,
        reason: 'no attempts left (3 made)',
        closed_at: NOW,
      },
    ]);
    expect(stats.current()).toMatchObject({ closed_dead_tasks: 1, dead_letters_published: 1 });
  });

  it('buries without publishing anything when no topic is configured', async () => {
    const { scavenger, db, snsMock } = scavengerFor(tables, {
      task_config: { labourers: { quiet: labourerConfig('quiet') } },
    });
    const dead = expiredRow('quiet', 'gone', 3);
    await db.put(tables.names.tasks, dead);

    expect(await scavenger.run()).toEqual({ quiet: { ...zero, buried: 1 } });
    expect(await whereIs(db, tables, dead)).toEqual(['closed']);
    expect(snsMock.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });

  it('publishes many burials 10 per PublishBatch', async () => {
    const { scavenger, db, snsMock } = scavengerFor(tables, {
      task_config: { labourers: { many: labourerConfig('many') } },
      dead_letter_topic_arn: TOPIC_ARN,
    });
    const dead = Array.from({ length: 12 }, (_, i) =>
      expiredRow('many', `d${String(i).padStart(2, '0')}`, 3),
    );
    await db.batchPut(tables.names.tasks, dead);

    expect((await scavenger.run()).many).toMatchObject({ buried: 12, dead_letters_published: 12 });
    const calls = snsMock.commandCalls(PublishBatchCommand);
    expect(calls.map((call) => call.args[0].input.PublishBatchRequestEntries?.length)).toEqual([10, 2]);
    expect(
      publishedMessages(snsMock)
        .map((message) => message.task_id)
        .sort(),
    ).toEqual(dead.map((task) => task.task_id));
  });

  it('an SNS failure is logged and counted, and the tasks stay buried', async () => {
    const { scavenger, db, snsMock, stats, logger } = scavengerFor(tables, {
      task_config: { labourers: { snsdown: labourerConfig('snsdown') } },
      dead_letter_topic_arn: TOPIC_ARN,
    });
    snsMock
      .on(PublishBatchCommand)
      .rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
    const dead = [expiredRow('snsdown', 'a', 3), expiredRow('snsdown', 'b', 3)];
    await db.batchPut(tables.names.tasks, dead);

    expect(await scavenger.run()).toEqual({ snsdown: { ...zero, buried: 2, dead_letters_failed: 2 } });
    for (const task of dead) expect(await whereIs(db, tables, task)).toEqual(['closed']);
    expect(stats.current()).toMatchObject({ dead_letters_failed: 2, labourers_processed: 1 });
    expect(logger.errors()[0]?.extra).toMatchObject({
      topic_arn: TOPIC_ARN,
      task_ids: expect.arrayContaining(dead.map((task) => task.task_id)) as unknown,
      error: 'NotFoundException: Topic does not exist',
    });
  });

  it('counts the messages SNS refused within a batch', async () => {
    const { scavenger, db, snsMock } = scavengerFor(tables, {
      task_config: { labourers: { partial: labourerConfig('partial') } },
      dead_letter_topic_arn: TOPIC_ARN,
    });
    snsMock.on(PublishBatchCommand).resolves({
      Successful: [{ Id: 'm0', MessageId: 'x' }],
      Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }],
    });
    await db.batchPut(tables.names.tasks, [expiredRow('partial', 'a', 3), expiredRow('partial', 'b', 3)]);

    expect((await scavenger.run()).partial).toMatchObject({
      buried: 2,
      dead_letters_published: 1,
      dead_letters_failed: 1,
    });
  });

  it('brings due retries back to the front of the queue, earliest due first, and leaves the others', async () => {
    const { scavenger, db, lambdaMock } = scavengerFor(tables, {
      task_config: { labourers: { front: labourerConfig('front'), idle: labourerConfig('idle') } },
    });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const queued = taskRow('front', 'queued', { greenfield: 5000 });
    const later = retryRow('front', 'later', NOW - 10);
    const earlier = retryRow('front', 'earlier', NOW - 100);
    const notYet = retryRow('front', 'not-yet', NOW + 10);
    await db.put(tables.names.tasks, queued);
    await db.batchPut(tables.names.retry, [later, earlier, notYet]);

    expect(await scavenger.run()).toEqual({ front: { ...zero, retried: 2 }, idle: zero });
    // Back in the queue is new work: the orchestrator is asked to dispatch that labourer, and only it.
    expect(
      lambdaMock
        .commandCalls(InvokeCommand)
        .map(
          (call) => JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString()) as unknown,
        ),
    ).toEqual([{ action: 'dispatch', labourer_ids: ['front'], reason: 'retries_queued' }]);

    const greenfield = async (task: TaskRow) =>
      (await db.get<TaskRow>(tables.names.tasks, { task_id: task.task_id }, { consistent: true }))
        ?.greenfield;
    const [g1, g2, g3] = [await greenfield(earlier), await greenfield(later), await greenfield(queued)];
    expect(g1! < g2! && g2! < g3!).toBe(true); // in front of the queue, the earliest due first
    expect(await whereIs(db, tables, notYet)).toEqual(['retry']);
    expect(await metaActions(db, tables, earlier.task_id)).toEqual(['ready_for_retry']);
    const nextTasks = await scavenger.taskManager.nextTasks(
      { id: 'front' },
      scavenger.taskManager.window({ duration: 60, cooldown: 300 }),
      3,
    );
    expect(nextTasks.map((task) => task.task_id)).toEqual([earlier.task_id, later.task_id, queued.task_id]);
  });

  it('brings back at most retry_tasks_limit due retries per run', async () => {
    const { scavenger, db } = scavengerFor(tables, {
      task_config: { labourers: { lim: labourerConfig('lim') } },
      retry_tasks_limit: 3,
    });
    const due = Array.from({ length: 5 }, (_, i) => retryRow('lim', `r${i}`, NOW - 100 + i));
    await db.batchPut(tables.names.retry, due);

    expect((await scavenger.run()).lim).toMatchObject({ retried: 3 });
    expect(await Promise.all(due.map((task) => whereIs(db, tables, task)))).toEqual([
      ['tasks'],
      ['tasks'],
      ['tasks'],
      ['retry'],
      ['retry'],
    ]);
    expect((await scavenger.run()).lim).toMatchObject({ retried: 2 });
  });

  it('reads a labourer duration from its Lambda timeout: it decides what has expired and the delay', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:tmo';
    const { scavenger, db, lambdaMock } = scavengerFor(tables, {
      task_config: { labourers: { tmo: { arn } } },
    });
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Timeout: 40 });
    // Invoked 1000 s ago: expired for a 40 s worker (40 + 300 < 1000), still running for the 900 s fallback.
    const task = expiredRow('tmo', 'slow', 2);
    await db.put(tables.names.tasks, task);

    expect(await scavenger.run()).toEqual({ tmo: { ...zero, moved_to_retry: 1 } });
    const retry = await db.get<RetryTaskRow>(tables.names.retry, {
      labourer_id: 'tmo',
      task_id: task.task_id,
    });
    expect(retry?.desired_launch_time).toBe(NOW + 80); // 40 s * 2 attempts
    expect(
      lambdaMock.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input),
    ).toEqual([{ FunctionName: arn }]);
  });

  it('a labourer whose pass throws is reported with its error; the others go on', async () => {
    const { scavenger, db, stats } = scavengerFor(tables, {
      task_config: { labourers: { boom: labourerConfig('boom'), calm: labourerConfig('calm') } },
    });
    await db.batchPut(tables.names.tasks, [completedRow('boom', 'c'), completedRow('calm', 'c')]);
    const expiredTasks = scavenger.taskManager.expiredTasks.bind(scavenger.taskManager);
    vi.spyOn(scavenger.taskManager, 'expiredTasks').mockImplementation((labourer, window, limit) =>
      labourer.id === 'boom' ? Promise.reject(new Error('throttled')) : expiredTasks(labourer, window, limit),
    );

    expect(await scavenger.run()).toEqual({
      boom: { ...zero, archived: 1, error: 'Error: throttled' },
      calm: { ...zero, archived: 1 },
    });
    expect(stats.current()).toMatchObject({ labourers_failed: 1, labourers_processed: 1 });
  });

  it('two scavengers at once move each task once and announce each burial once', async () => {
    const config = {
      task_config: { labourers: { race: labourerConfig('race') } },
      dead_letter_topic_arn: TOPIC_ARN,
    };
    const first = scavengerFor(tables, config);
    const second = scavengerFor(tables, config);
    const completed = Array.from({ length: 20 }, (_, i) => completedRow('race', `c${i}`));
    const retried = Array.from({ length: 10 }, (_, i) => expiredRow('race', `e${i}`, 1));
    const buried = Array.from({ length: 10 }, (_, i) => expiredRow('race', `d${i}`, 3));
    await first.db.batchPut(tables.names.tasks, [...completed, ...retried, ...buried]);

    const [a, b] = await Promise.all([first.scavenger.run(), second.scavenger.run()]);

    expect(a.race!.archived + b.race!.archived).toBe(20);
    expect(a.race!.moved_to_retry + b.race!.moved_to_retry).toBe(10);
    expect(a.race!.buried + b.race!.buried).toBe(10);
    expect(a.race!.failed + b.race!.failed).toBe(0);
    for (const [tasks, place, action] of [
      [completed, 'closed', 'archived'],
      [retried, 'retry', 'scheduled_for_retry'],
      [buried, 'closed', 'archived_dead'],
    ] as const) {
      for (const task of tasks) {
        expect(await whereIs(first.db, tables, task)).toEqual([place]);
        expect(await metaActions(first.db, tables, task.task_id)).toEqual([action]);
      }
    }
    const announced = [...publishedMessages(first.snsMock), ...publishedMessages(second.snsMock)];
    expect(announced.map((message) => message.task_id).sort()).toEqual(
      buried.map((task) => task.task_id).sort(),
    );
  });
});
