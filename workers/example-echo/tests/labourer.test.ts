import { readFile } from 'node:fs/promises';
import { parseTaskConfig } from '@sosw/task-manager';
import { expect, it } from 'vitest';
import { LABOURER_ID } from '../src/index.js';

it('labourer.json is a task_config.labourers entry for this worker, as task-manager parses it', async () => {
  const labourers: unknown = JSON.parse(await readFile(new URL('../labourer.json', import.meta.url), 'utf8'));

  const taskConfig = parseTaskConfig({ labourers });

  expect(Object.keys(taskConfig.labourers)).toEqual([LABOURER_ID]);
  expect(taskConfig.labourers[LABOURER_ID]).toMatchObject({
    arn: LABOURER_ID,
    max_simultaneous_invocations: 10,
    max_attempts: 3,
  });
});
