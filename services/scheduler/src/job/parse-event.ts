import { isPlainObject, toValidationIssues, type PlainObject } from '@sosw/core';
import * as z from 'zod';
import { InvalidJob } from '../errors.js';
import type { ResumePointer } from '../types.js';
import { jsonTypeName } from '../chunking/values.js';

/** What an invocation asks for: schedule a job, or go on with a continuation. */
export type SchedulerRequest = { kind: 'job'; job: PlainObject } | { kind: 'resume'; resume: ResumePointer };

/** How many times a value may be JSON inside JSON (a string holding a string holding an object ...). */
const MAX_JSON_DEPTH = 3;

const resumeSchema = z.looseObject({
  bucket: z.string().min(1),
  key: z.string().min(1),
  position: z.number().int().min(0),
  job_id: z.string().min(1),
});

/**
 * Reads an event: `{job: {...}}`, a bare job, or `{resume: {...}}` (a continuation); any of them as a JSON
 * string, and a `job` that is itself a JSON string (JSON inside JSON, as cron rules and queues send it).
 *
 * @throws InvalidJob naming the place: `event: not valid JSON ...`, `job: expected a dict, got list`,
 * `event.resume.position: expected int, got -1`
 *
 * @example
 * parseEvent('{"job": "{\\"lambda_name\\": \\"worker\\"}"}'); // { kind: 'job', job: { lambda_name: 'worker' } }
 * parseEvent({ lambda_name: 'worker', stores: [1, 2] }); // { kind: 'job', job: { lambda_name: 'worker', stores: [1, 2] } }
 */
export function parseEvent(event: unknown): SchedulerRequest {
  const body = fromJson(event, 'event');
  if (!isPlainObject(body)) {
    throw InvalidJob.at('event', `expected a job (a dict), got ${jsonTypeName(body)}`);
  }
  if (Object.hasOwn(body, 'resume')) return { kind: 'resume', resume: parseResume(body.resume) };
  const job = Object.hasOwn(body, 'job') ? fromJson(body.job, 'job') : body;
  if (!isPlainObject(job)) throw InvalidJob.at('job', `expected a dict, got ${jsonTypeName(job)}`);
  return { kind: 'job', job };
}

/** The value, or what a JSON string of it (possibly nested) holds. */
function fromJson(value: unknown, path: string): unknown {
  let current = value;
  for (let depth = 0; typeof current === 'string' && depth < MAX_JSON_DEPTH; depth += 1) {
    const json: string = current;
    try {
      current = JSON.parse(json);
    } catch (error) {
      const text = json.length > 40 ? `${json.slice(0, 40)}...` : json;
      throw InvalidJob.at(path, `a string that is not valid JSON: ${JSON.stringify(text)}`, { cause: error });
    }
  }
  return current;
}

function parseResume(value: unknown): ResumePointer {
  const result = resumeSchema.safeParse(fromJson(value, 'event.resume'), { reportInput: true });
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues).map((issue) => ({
    ...issue,
    path: issue.path === '(root)' ? 'event.resume' : `event.resume.${issue.path}`,
  }));
  throw InvalidJob.of(issues, { cause: result.error });
}
