import type { Figure } from '../report.js';
import { DynamoDbCalls } from '../dynamodb-calls.js';
import { createTables } from '../tables.js';
import { ArchiveFloor } from './archive-floor.js';
import { createFloorProbe } from './floor.js';
import { measureLifecycle } from './lifecycle.js';

/** What the warm-up needs: where its own tables go, and how many tasks it runs. */
export interface WarmUpOptions {
  /** The prefix of the warm-up's own tables (and config rows), apart from the measured ones. */
  prefix: string;
  /** Tasks through the warm-up's lifecycle. */
  tasks: number;
}

/**
 * Runs every kind of request the bench measures, on tables of its own, before anything is measured, and
 * throws its figures away. DynamoDB Local runs on the JVM, which compiles its hot paths as they come: on
 * a fresh DynamoDB Local the first few thousand requests of each kind take 3 to 5 times longer than
 * later ones (a sequential `PutItem` 4.5 ms at first, 0.8 ms after 10,000 requests, on the development
 * machine). A floor or a line measured cold says how fast the JIT is, not how fast DynamoDB Local or
 * sosw is.
 *
 * The warm-up is a whole lifecycle of `tasks` tasks (create, claim + invoke, complete, archive), each
 * line preceded by the floor's probe, as in the measured run: the same requests on the same code paths.
 * It sets `SOSW_TABLE_PREFIX` to its own prefix while it runs, and back after.
 */
export async function warmUp({ prefix, tasks }: WarmUpOptions): Promise<void> {
  const measuredPrefix = process.env.SOSW_TABLE_PREFIX;
  process.env.SOSW_TABLE_PREFIX = prefix;
  try {
    const tables = await createTables(prefix);
    const { probe } = await createFloorProbe(prefix);
    const figures: Figure[] = await measureLifecycle({
      count: tasks,
      tables,
      calls: new DynamoDbCalls(tables.meta),
      probe,
      archiveFloor: await ArchiveFloor.create(prefix),
    });
    // The lines themselves: the ones held to a floor.
    const lines = figures.filter((figure) => figure.ofWriteFloor !== undefined);
    console.log(
      `warm-up (${tasks.toLocaleString('en-US')} tasks, not measured): ${lines
        .map((figure) => `${figure.metric.split(':')[0] ?? ''} ${figure.value.toFixed(0)}/s`)
        .join(', ')}`,
    );
  } finally {
    if (measuredPrefix === undefined) delete process.env.SOSW_TABLE_PREFIX;
    else process.env.SOSW_TABLE_PREFIX = measuredPrefix;
  }
}
