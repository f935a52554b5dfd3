import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { TaskPayload } from '../types.js';
import {
  decodeContinuation,
  encodeContinuation,
  type ContinuationHeader,
  type DecodedContinuation,
} from './continuation-object.js';

/**
 * Continuation objects in S3: a run short of time saves the tasks it has not written; the run that
 * resumes reads them and deletes the object when the job is done. A thin adapter over the S3 client; the
 * format is `continuation-object.ts`.
 *
 * @example
 * const store = new ContinuationStore(new S3Client({}));
 * await store.save('bucket', key, { job_id, labourer_id, first_index: 500 }, rest);
 * const continuation = await store.load('bucket', key); // undefined once deleted
 */
export class ContinuationStore {
  constructor(private readonly s3: S3Client) {}

  /** Writes the object (replacing one of the same key: the same position of the same job holds the same tasks). */
  async save(
    bucket: string,
    key: string,
    header: Omit<ContinuationHeader, 'format' | 'count'>,
    payloads: Iterable<TaskPayload>,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: encodeContinuation(header, payloads),
        ContentType: 'application/x-ndjson',
      }),
    );
  }

  /** The object, or `undefined` when it is gone (the job was finished by a later run). */
  async load(bucket: string, key: string): Promise<DecodedContinuation | undefined> {
    let text: string;
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string } | null)?.name === 'NoSuchKey') {
        return undefined;
      }
      throw error;
    }
    return decodeContinuation(text, `s3://${bucket}/${key}`);
  }

  /** Deletes the object; deleting one that is gone already is fine. */
  async delete(bucket: string, key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}
