import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PayloadOffloader, PayloadPointerRefusedError } from '@sosw/serializer';
import { createTestBucket, LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PayloadReader } from '../src/payload-reader.js';

const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
let bucket: string;
let otherBucket: string;
beforeAll(async () => {
  bucket = await createTestBucket({ client: s3, prefix: 'sosw-reader' });
  otherBucket = await createTestBucket({ client: s3, prefix: 'sosw-reader-other' });
});

/** The JSON of a pointer to `value`, written by an offloader of `bucket` that offloads anything. */
async function pointerJson(value: unknown, toBucket = bucket): Promise<unknown> {
  const writer = new PayloadOffloader({ s3, bucket: toBucket, thresholdBytes: 0 });
  return JSON.parse(await writer.offload(value));
}

/** A reader on a client of its own, and the spy on that client's `send`, to see that S3 was not called. */
function readerWith(options: { trusted?: string } = {}) {
  const client = new S3Client(LOCAL_S3_CLIENT_CONFIG);
  const send = vi.spyOn(client, 'send');
  const reader = new PayloadReader(
    options.trusted === undefined
      ? {}
      : { offloader: new PayloadOffloader({ s3: client, bucket: options.trusted }) },
  );
  return { reader, send };
}

describe('PayloadReader: following pointers only to its writers’ place', () => {
  it('restores a whole value and a top-level field (a chain message’s payload) from its offloader’s bucket', async () => {
    const { reader } = readerWith({ trusted: bucket });
    expect(await reader.decode(await pointerJson({ rows: 3 }))).toEqual({ rows: 3 });
    const chainMessage = { task_name: 'store', payload: await pointerJson({ rows: 4 }) };
    expect(await reader.decode(chainMessage)).toEqual({ task_name: 'store', payload: { rows: 4 } });
  });

  it('refuses any pointer when it has no offloader: it trusts no bucket, and calls no S3', async () => {
    const { reader, send } = readerWith();
    const error = await reader.decode(await pointerJson({ rows: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadPointerRefusedError);
    expect(error).toMatchObject({ rule: 'unconfigured', bucket });
    expect((error as Error).message).toContain('this reader trusts no payload bucket');
    expect(send).not.toHaveBeenCalled();
    // Plain and tagged values need no S3 and still decode.
    expect(await reader.deserialize('{"n":1}')).toEqual({ n: 1 });
  });

  it('refuses a field pointing at another bucket before any S3 call', async () => {
    const { reader, send } = readerWith({ trusted: bucket });
    const message = { task_name: 'store', payload: await pointerJson({ rows: 3 }, otherBucket) };
    const error = await reader.decode(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PayloadPointerRefusedError', rule: 'bucket', bucket: otherBucket });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a pointer to an object in its bucket that no offloader wrote, though it names its true hash', async () => {
    const key = 'secrets/config.json';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{"password":"x"}' }));
    const forged = { $sosw: 's3', bucket, key, bytes: 16, sha256: 'e'.repeat(64) };
    const { reader, send } = readerWith({ trusted: bucket });
    await expect(reader.decode({ payload: forged })).rejects.toMatchObject({ rule: 'prefix', key });
    expect(send).not.toHaveBeenCalled();
  });
});
