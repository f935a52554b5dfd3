import { z } from 'zod';
import { THROUGHPUT_HOURS, type ThroughputHours } from './data.js';

// Every value a URL or a form brings is checked here before it goes near DynamoDB; labourer ids are then
// also checked against the deployment's labourers (DashboardData.labourer).

/** A labourer id as sosw's config keys them (Lambda-name-like); `''` (the "all" option) means none. */
const labourerId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,256}$/, 'expected a labourer id: letters, digits, _ . : - (at most 256)');

const optionalLabourer = z
  .union([z.literal(''), labourerId])
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** A task id: 1 to 1024 characters, no whitespace or control characters. */
export const taskIdSchema = z
  .string()
  .min(1, 'expected a task id')
  .max(1024, 'expected a task id of at most 1024 characters')
  .regex(/^[^\s\p{C}]+$/u, 'expected a task id without spaces or control characters');

/** `:id` of the task routes. */
export const taskParam = z.object({ id: taskIdSchema });

/** `?labourer=&hours=` of the throughput chart. */
export const throughputQuery = z.object({
  labourer: optionalLabourer,
  hours: z.coerce
    .number()
    .refine((n): n is ThroughputHours => (THROUGHPUT_HOURS as readonly number[]).includes(n), {
      message: `expected one of ${THROUGHPUT_HOURS.join(', ')}`,
    })
    .default(3),
});

/** `?labourer=&limit=` of the buried lists. */
export const buriedQuery = z.object({
  labourer: optionalLabourer,
  limit: z.coerce.number().int('expected a whole number').min(1).max(200).default(50),
});

/** `?labourer=` of a task page: where to look for a retry row the other tables do not point to. */
export const taskQuery = z.object({ labourer: optionalLabourer });

/** `?id=` of the task lookup form. */
export const taskLookupQuery = z.object({ id: z.string().trim().pipe(taskIdSchema) });

/** `?labourer=&hours=` of the redrive confirmation page. */
export const redriveQuery = z.object({
  labourer: labourerId,
  hours: z.coerce
    .number()
    .positive('expected hours above 0')
    .max(720, 'expected at most 720 hours')
    .default(24),
});

/** The confirming POST of a redrive. */
export const redriveForm = z.object({
  labourer: labourerId,
  since: z.coerce.number().int('expected epoch seconds').nonnegative(),
  token: z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'expected the confirmation token of the redrive page'),
});
