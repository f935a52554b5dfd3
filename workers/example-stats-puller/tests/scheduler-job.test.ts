import { readFile } from 'node:fs/promises';
import { parseSchedulerConfig, planJob, planTasks } from '@sosw/scheduler';
import { parseTaskConfig } from '@sosw/task-manager';
import { expect, it } from 'vitest';
import { LABOURER_ID, statsPullerPayloadSchema } from '../src/index.js';

const labourers = async (): Promise<unknown> =>
  JSON.parse(await readFile(new URL('../labourer.json', import.meta.url), 'utf8'));

it('labourer.json is a task_config.labourers entry for this worker, as task-manager parses it', async () => {
  const taskConfig = parseTaskConfig({ labourers: await labourers() });

  expect(Object.keys(taskConfig.labourers)).toEqual([LABOURER_ID]);
  expect(taskConfig.labourers[LABOURER_ID]).toMatchObject({
    arn: LABOURER_ID,
    max_attempts: 4,
    duration: 120,
  });
});

it("the README's scheduler job chunks into payloads the worker's schema accepts", async () => {
  const config = parseSchedulerConfig({
    s3_bucket: 'unused',
    task_config: { labourers: await labourers() },
    job_schema: { chunkable_attrs: ['section', 'store'] },
  });
  // The job of the README, as an application would send it to the scheduler.
  const job = {
    lambda_name: LABOURER_ID,
    period: 'last_3_days',
    isolate_sections: true,
    max_stores_per_batch: 2,
    sections: { toys: { stores: ['store_1', 'store_2', 'store_3'] }, garden: { stores: ['store_4'] } },
  };
  const nowMs = Date.UTC(2024, 4, 4, 12);

  const payloads = [...planTasks(planJob(job, { config, requestId: 'job-1', nowMs }))];

  expect(payloads.map((payload) => statsPullerPayloadSchema.parse(payload))).toEqual([
    {
      sections: ['toys'],
      stores: ['store_1', 'store_2'],
      date_list: ['2024-05-01', '2024-05-02', '2024-05-03'],
    },
    { sections: ['toys'], stores: ['store_3'], date_list: ['2024-05-01', '2024-05-02', '2024-05-03'] },
    { sections: ['garden'], stores: ['store_4'], date_list: ['2024-05-01', '2024-05-02', '2024-05-03'] },
  ]);
});
