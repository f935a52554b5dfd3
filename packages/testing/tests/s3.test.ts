import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestBucket,
  InvalidOptionError,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  LOCAL_S3_CLIENT_CONFIG,
  startLocalS3,
  uniqueBucketName,
} from '../src/index.js';

// What other packages' tests write: the test setup supplies endpoint, region and credentials.
const s3 = new S3Client({ forcePathStyle: true });
afterAll(() => {
  s3.destroy();
});

async function read(client: S3Client, Bucket: string, Key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket, Key }));
  return object.Body!.transformToString();
}

describe("this run's S3 endpoint", () => {
  it('stores and returns an object in a test bucket', async () => {
    const bucket = await createTestBucket();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'jobs/1.json', Body: '{"accounts":[1,2]}' }));

    expect(await read(s3, bucket, 'jobs/1.json')).toBe('{"accounts":[1,2]}');
  });

  it('returns a streamed upload byte for byte (no checksum framing stored)', async () => {
    const bucket = await createTestBucket();
    const body = 'x'.repeat(100_000);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'big',
        Body: Readable.from([Buffer.from(body)]),
        ContentLength: body.length,
      }),
    );

    expect(await read(s3, bucket, 'big')).toBe(body);
  });

  it('gives every test bucket its own name', async () => {
    const [a, b] = await Promise.all([
      createTestBucket({ prefix: 'offload' }),
      createTestBucket({ prefix: 'offload' }),
    ]);

    expect(a).not.toBe(b);
    expect(a).toMatch(/^offload-[0-9a-f]{8}$/);
    await expect(s3.send(new HeadBucketCommand({ Bucket: a }))).resolves.toBeDefined();
  });
});

describe('uniqueBucketName', () => {
  it('refuses a prefix S3 would refuse, naming the option', () => {
    for (const prefix of ['Upper', '-dash', '', 'under_score', 'x'.repeat(55)]) {
      expect(() => uniqueBucketName(prefix)).toThrow(InvalidOptionError);
    }
    expect(() => uniqueBucketName('Upper')).toThrow(/'prefix'/);
    expect(uniqueBucketName('x'.repeat(54))).toHaveLength(63);
  });
});

describe('startLocalS3', () => {
  it('starts a second endpoint of its own, and stop() closes it and removes its directory', async () => {
    const local = await startLocalS3({ log: () => undefined });
    const client = new S3Client({
      ...LOCAL_S3_CLIENT_CONFIG,
      endpoint: local.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      expect(local.endpoint).not.toBe(process.env.AWS_ENDPOINT_URL_S3);
      const bucket = await createTestBucket({ client });
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
      expect(await read(client, bucket, 'k')).toBe('v');
      expect(existsSync(local.directory)).toBe(true);

      await local.stop();

      expect(existsSync(local.directory)).toBe(false);
      await expect(read(client, bucket, 'k')).rejects.toThrow();
    } finally {
      await local.stop();
      client.destroy();
    }
  });
});
