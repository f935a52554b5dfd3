import * as z from 'zod';

/**
 * A task's payload, as the scheduler's chunking makes it from a job with `chunkable_attrs: ['section',
 * 'store']` and `isolate_sections: true`: one section, the stores of that section (all of them, or
 * `max_stores_per_batch` at a time), and the dates of the job's period. Other keys (the chunking flags the
 * scheduler passes on) are ignored.
 *
 * @example
 * statsPullerPayloadSchema.parse({ sections: ['toys'], stores: ['store_1'], date_list: ['2024-05-01'] });
 */
export const statsPullerPayloadSchema = z.object({
  sections: z.array(z.string().min(1)).length(1),
  stores: z.array(z.string().min(1)).min(1),
  date_list: z.array(z.iso.date()).min(1),
});

/** A valid payload of the stats puller. */
export type StatsPullerPayload = z.output<typeof statsPullerPayloadSchema>;
