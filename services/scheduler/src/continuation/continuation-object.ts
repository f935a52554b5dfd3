import { isPlainObject } from '@sosw/core';
import { CONTINUATION_FORMAT } from '../constants.js';
import { ContinuationError } from '../errors.js';
import type { TaskPayload } from '../types.js';

/** The first line of a continuation object: what the lines after it are. */
export interface ContinuationHeader {
  format: typeof CONTINUATION_FORMAT;
  job_id: string;
  labourer_id: string;
  /** The job index of the first task in the object. */
  first_index: number;
  /** How many tasks the object holds, so a truncated object is noticed. */
  count: number;
  /** The job's `concurrency_key` (the payload attribute that keys its tasks), when it has one. */
  concurrency_key?: string;
  /** The job's `priority`, when it has one. */
  priority?: number;
}

/**
 * The key of the continuation a run saves when it stops at `position`:
 * `<prefix>/<job id, URI-encoded>/from-<position>.jsonl`. One key per (job, position), so a retried run
 * that stops at another place never overwrites an object a running continuation is reading.
 *
 * @example
 * continuationKey('sosw/scheduler/', 'job 1', 500); // 'sosw/scheduler/job%201/from-500.jsonl'
 */
export function continuationKey(prefix: string, jobId: string, position: number): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  const name = `${encodeURIComponent(jobId)}/from-${position}.jsonl`;
  return trimmed === '' ? name : `${trimmed}/${name}`;
}

/**
 * A continuation object's text, JSON Lines: the header, then one task payload per line, in job order.
 *
 * @example
 * encodeContinuation({ job_id: 'j', labourer_id: 'w', first_index: 2 }, [{ a: 1 }, { a: 2 }]);
 * // '{"format":"sosw-scheduler-continuation/1","job_id":"j","labourer_id":"w","first_index":2,"count":2}\n{"a":1}\n{"a":2}\n'
 */
export function encodeContinuation(
  header: Omit<ContinuationHeader, 'format' | 'count'>,
  payloads: Iterable<TaskPayload>,
): string {
  const lines: string[] = [];
  for (const payload of payloads) lines.push(JSON.stringify(payload));
  const full: ContinuationHeader = { format: CONTINUATION_FORMAT, ...header, count: lines.length };
  return `${[JSON.stringify(full), ...lines].join('\n')}\n`;
}

/** A continuation object read back: its header, and its payloads from a job index on, parsed lazily. */
export interface DecodedContinuation {
  header: ContinuationHeader;
  /** The payloads of job indexes `from` .. the end. */
  from(position: number): Generator<TaskPayload>;
}

/**
 * Reads a continuation object's text.
 *
 * @param where - the object, for errors (`s3://bucket/key`)
 * @throws ContinuationError when the header is missing or wrong, or the object holds fewer tasks than it says
 *
 * @example
 * decodeContinuation(text, 's3://b/k').from(3).next().value; // the payload of task 3
 */
export function decodeContinuation(text: string, where: string): DecodedContinuation {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = readHeader(lines[0], where);
  if (lines.length - 1 !== header.count) {
    throw new ContinuationError(
      `${where} is truncated: its header says ${header.count} tasks, it holds ${lines.length - 1}`,
    );
  }
  return {
    header,
    *from(position: number) {
      const last = header.first_index + header.count;
      if (!Number.isInteger(position) || position < header.first_index || position > last) {
        throw new ContinuationError(
          `${where} holds tasks ${header.first_index} to ${last - 1}: cannot resume at ${position}`,
        );
      }
      for (let line = 1 + position - header.first_index; line < lines.length; line += 1) {
        const payload: unknown = JSON.parse(lines[line] as string);
        if (!isPlainObject(payload)) {
          throw new ContinuationError(`${where}: line ${line + 1} is not a task payload (a JSON object)`);
        }
        yield payload;
      }
    },
  };
}

function readHeader(line: string | undefined, where: string): ContinuationHeader {
  let header: unknown;
  try {
    header = JSON.parse(line ?? '');
  } catch (error) {
    throw new ContinuationError(`${where} is not a scheduler continuation: its first line is not JSON`, {
      cause: error,
    });
  }
  if (
    !isPlainObject(header) ||
    header.format !== CONTINUATION_FORMAT ||
    typeof header.job_id !== 'string' ||
    typeof header.labourer_id !== 'string' ||
    !Number.isInteger(header.first_index) ||
    !Number.isInteger(header.count) ||
    !(header.concurrency_key === undefined || typeof header.concurrency_key === 'string') ||
    !(header.priority === undefined || Number.isInteger(header.priority))
  ) {
    throw new ContinuationError(
      `${where} is not a scheduler continuation: its first line is not a ${CONTINUATION_FORMAT} header`,
    );
  }
  return header as unknown as ContinuationHeader;
}
