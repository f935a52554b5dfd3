import { describe, expect, it } from 'vitest';
import {
  InvalidJob,
  jobIdOf,
  planJob,
  planTasks,
  taskId,
  validatePlan,
  type PlanContext,
} from '../src/index.js';
import { schedulerConfig } from './helpers/factories.js';

const context: PlanContext = {
  config: schedulerConfig(),
  requestId: 'request-1',
  nowMs: Date.UTC(2019, 0, 30, 12),
};
const tasksOf = (job: Record<string, unknown>) => [...planTasks(planJob(job, context))];

describe('planJob and planTasks', () => {
  it('makes one task of a simple job, without the labourer in the payload (sosw test_parse_job_to_file)', () => {
    const plan = planJob({ lambda_name: 'worker', some_payload: 'foo' }, context);
    expect(plan).toMatchObject({ jobId: 'request-1', labourerId: 'worker' });
    expect([...planTasks(plan)]).toEqual([{ some_payload: 'foo' }]);
  });

  it('drops the control keys from the payloads, keeps the chunking flags', () => {
    const tasks = tasksOf({
      lambda_name: 'worker',
      job_id: 'j',
      job_schema_name: 'default',
      period: 'yesterday',
      timezone: 'UTC',
      isolate_sections: true,
      sections: { a: null },
    });
    expect(tasks).toEqual([{ isolate_sections: true, sections: ['a'], date_list: ['2019-01-29'] }]);
  });

  it('expands periods even when the first attribute is not chunked (sosw did not)', () => {
    expect(
      tasksOf({ lambda_name: 'worker', period: 'last_2_days', isolate_days: true, stores: ['x', 'y'] }),
    ).toEqual([
      { date_list: ['2019-01-28'], stores: ['x', 'y'] },
      { date_list: ['2019-01-29'], stores: ['x', 'y'] },
    ]);
  });

  it('multiplies dates by chunks, dates outermost (sosw test_construct_job_data__real_payload: 10 tasks)', () => {
    const tasks = tasksOf({
      lambda_name: 'worker',
      period: 'last_2_days',
      isolate_days: true,
      sections: {
        '111': { all_campaigns: true },
        '222': { all_campaigns: true },
        '333': {
          isolate_stores: true,
          all_campaigns: false,
          stores: { '333-111': null, '333-222': null, '333-333': { keep_me: 7 } },
        },
      },
      isolate_sections: 'True',
    });
    expect(tasks).toHaveLength(10);
    expect(tasks.slice(0, 5).every((t) => (t.date_list as string[])[0] === '2019-01-28')).toBe(true);
    expect(tasks[4]).toEqual({
      date_list: ['2019-01-28'],
      isolate_sections: 'True',
      sections: ['333'],
      isolate_stores: true,
      all_campaigns: false,
      stores: ['333-333'],
      keep_me: 7,
    });
  });

  it('takes the variant the job names, per job', () => {
    const withVariant: PlanContext = {
      ...context,
      config: schedulerConfig({ job_schema_variants: { flat: { chunkable_attrs: ['store'] } } }),
    };
    const job = { lambda_name: 'worker', isolate_stores: true, sections: { a: { stores: ['x', 'y'] } } };
    expect([...planTasks(planJob({ ...job, job_schema_name: 'flat' }, withVariant))]).toHaveLength(1);
    expect([...planTasks(planJob(job, withVariant))]).toHaveLength(2);
  });
});

describe('validatePlan', () => {
  it('counts the tasks of a job', () => {
    expect(
      validatePlan(
        planJob({ lambda_name: 'worker', max_stores_per_batch: 3, stores: [...Array(10).keys()] }, context),
      ),
    ).toBe(4);
  });

  it('finds an error at the end of a job before anything is written', () => {
    const plan = planJob(
      { lambda_name: 'worker', isolate_sections: true, sections: { a: null, b: null, c: 'x' } },
      context,
    );
    expect(() => validatePlan(plan)).toThrow(InvalidJob);
    expect(() => validatePlan(plan)).toThrow(
      'job.sections.c: a value in a chunked dict must be a dict or null, got string',
    );
  });

  it('refuses a task too large to store, naming it', () => {
    const plan = planJob(
      { lambda_name: 'worker', isolate_stores: true, stores: ['a', 'x'.repeat(400_000)] },
      context,
    );
    expect(() => validatePlan(plan)).toThrow(
      /^job: a task cannot be stored: tasks\[1\]\.payload is \d+ bytes/,
    );
  });
});

describe('task ids', () => {
  it('are <job_id>-<index>', () => {
    expect(taskId('abc', 0)).toBe('abc-0');
    expect(taskId('a-1', 2)).toBe('a-1-2');
  });

  it('come from the caller job_id, else the request id', () => {
    expect(jobIdOf({ job_id: 'nightly' }, 'r')).toBe('nightly');
    expect(jobIdOf({}, 'r')).toBe('r');
    expect(() => jobIdOf({ job_id: 5 }, 'r')).toThrow(
      'job.job_id: expected a string of 1 to 200 characters, got 5',
    );
    expect(() => jobIdOf({ job_id: 'x'.repeat(201) }, 'r')).toThrow(InvalidJob);
  });
});
