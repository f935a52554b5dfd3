import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { InvalidOptionError } from '@sosw/local';
import { LOCAL_S3_CLIENT_CONFIG } from './s3-client-config.js';

const DEFAULT_BUCKET_PREFIX = 'sosw-test';
/** S3's rule for bucket names, less what the prefix cannot break: lowercase, digits, dots and hyphens. */
const BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]*$/;
/** A bucket name is at most 63 characters; the unique suffix takes 9 (`-` and 8 hex digits). */
const MAX_PREFIX_LENGTH = 63 - 9;

/**
 * A fresh bucket name, `<prefix>-<8 hex digits>`, valid for S3.
 *
 * @example
 * ```ts
 * uniqueBucketName('offload'); // e.g. 'offload-3f9a1c0b'
 * ```
 */
export function uniqueBucketName(prefix = DEFAULT_BUCKET_PREFIX): string {
  if (!BUCKET_PREFIX.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
    throw new InvalidOptionError(
      'prefix',
      `'${prefix}' cannot start an S3 bucket name: use 1 to ${MAX_PREFIX_LENGTH} lowercase letters, digits, dots or hyphens, starting with a letter or digit`,
    );
  }
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Options of `createTestBucket()`. */
export interface TestBucketOptions {
  /** The client to create it with; default: one for this run's local S3 endpoint (from the environment). */
  client?: S3Client;
  /** The start of the bucket's name (default `sosw-test`). */
  prefix?: string;
}

/**
 * Creates a uniquely named bucket on this test run's S3 endpoint and returns its name.
 *
 * @example
 * ```ts
 * const bucket = await createTestBucket();
 * await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.json', Body: '{}' }));
 * ```
 */
export async function createTestBucket(options: TestBucketOptions = {}): Promise<string> {
  const name = uniqueBucketName(options.prefix);
  const client = options.client ?? new S3Client(LOCAL_S3_CLIENT_CONFIG);
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    if (options.client === undefined) client.destroy();
  }
  return name;
}
