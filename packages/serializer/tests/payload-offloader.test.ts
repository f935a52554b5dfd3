import { createHash, randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createTestBucket } from '@sosw/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLD_BYTES,
  Decimal,
  InvalidOptionError,
  PayloadIntegrityError,
  PayloadMissingError,
  PayloadOffloader,
  PayloadPointer,
  PayloadStorageError,
  SerializerError,
} from '../src/index.js';
import { Money, codecWithClasses } from './helpers/classes.js';

// The harness points AWS_ENDPOINT_URL_S3 at this run's local S3; the client finds it by itself.
const s3 = new S3Client({ forcePathStyle: true });
let bucket: string;
const codec = codecWithClasses();

/** An offloader under a prefix of its own, so each test sees only its own objects. */
function offloaderFor(options: { thresholdBytes?: number } = {}): PayloadOffloader {
  return new PayloadOffloader({
    s3,
    bucket,
    prefix: `t/${randomBytes(4).toString('hex')}/`,
    codec,
    ...options,
  });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

async function readObject(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}

function pointerOf(text: string): PayloadPointer {
  const pointer = codec.deserialize(text);
  expect(pointer).toBeInstanceOf(PayloadPointer);
  return pointer as PayloadPointer;
}

/** A value whose serialized text is exactly `bytes` long: `{"s":"xxx..."}`. */
function valueOfSize(bytes: number): { s: string } {
  return { s: 'x'.repeat(bytes - '{"s":""}'.length) };
}

beforeAll(async () => {
  bucket = await createTestBucket({ client: s3, prefix: 'sosw-serializer' });
});

describe('PayloadOffloader against local S3', () => {
  it('keeps a payload at or under the threshold inline and writes nothing', async () => {
    const offloader = offloaderFor({ thresholdBytes: 100 });
    const value = valueOfSize(100);
    const text = await offloader.offload(value);
    expect(text).toBe(JSON.stringify(value));
    expect(await keysUnder(offloader.prefix)).toEqual([]);
    expect(await offloader.restore(text)).toStrictEqual(value);
  });

  it('stores a payload one byte over the threshold and returns a pointer that restores it', async () => {
    const offloader = offloaderFor({ thresholdBytes: 100 });
    const value = valueOfSize(101);
    const text = await offloader.offload(value);
    const pointer = pointerOf(text);
    const sha256 = createHash('sha256').update(JSON.stringify(value)).digest('hex');
    expect(pointer).toStrictEqual(
      new PayloadPointer(bucket, `${offloader.prefix}/${sha256}.json`, 101, sha256),
    );
    expect(await keysUnder(offloader.prefix)).toEqual([pointer.key]);
    expect(await readObject(pointer.key)).toBe(JSON.stringify(value));
    expect(await offloader.restore(text)).toStrictEqual(value);
  });

  it('offloads by default above 200 KB of UTF-8, counting bytes, not characters', async () => {
    const offloader = new PayloadOffloader({
      s3,
      bucket,
      prefix: `t/${randomBytes(4).toString('hex')}`,
      codec,
    });
    expect(offloader.thresholdBytes).toBe(200 * 1024);
    // 70,000 three-byte characters: 70 K characters, but about 205 KB of UTF-8.
    const value = { text: '€'.repeat(70_000), at: new Date(0), ids: new Set([1n, 2n]) };
    const text = await offloader.offload(value);
    const pointer = pointerOf(text);
    expect(pointer.bytes).toBe(Buffer.byteLength(codec.serialize(value), 'utf8'));
    expect(pointer.bytes).toBeGreaterThan(DEFAULT_THRESHOLD_BYTES);
    expect(text.length).toBeLessThan(300);
    expect(await offloader.restore(text)).toStrictEqual(value);
  });

  it('round-trips rich values through S3', async () => {
    const offloader = offloaderFor({ thresholdBytes: 0 });
    const value = {
      price: new Money('EUR', new Decimal('12.3400')),
      bytes: new Uint8Array([1, 2, 3]),
      byId: new Map([[1, { $sosw: 'not a tag' }]]),
    };
    const text = await offloader.offload(value);
    pointerOf(text);
    expect(await offloader.restore(text)).toStrictEqual(value);
  });

  it('stores the same payload under the same content-addressed key', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const first = await offloader.offload({ same: 'payload' });
    const second = await offloader.offload({ same: 'payload' });
    const other = await offloader.offload({ other: 'payload' });
    expect(second).toBe(first);
    expect(pointerOf(other).key).not.toBe(pointerOf(first).key);
    expect((await keysUnder(offloader.prefix)).sort()).toEqual(
      [pointerOf(first).key, pointerOf(other).key].sort(),
    );
  });

  it('fails with PayloadMissingError when the object was deleted', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ will: 'be deleted' });
    const { key } = pointerOf(text);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const error = await offloader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadMissingError);
    expect(error).toMatchObject({ bucket, key, name: 'PayloadMissingError' });
    expect((error as Error).message).toBe(
      `Offloaded payload s3://${bucket}/${key} does not exist (deleted or expired?).`,
    );
  });

  it('fails with PayloadIntegrityError on sha256 when the object was altered to the same size', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ amount: '100.00' });
    const pointer = pointerOf(text);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: '{"amount":"999.99"}' }));
    const error = await offloader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect(error).toMatchObject({
      check: 'sha256',
      expected: pointer.sha256,
      actual: createHash('sha256').update('{"amount":"999.99"}').digest('hex'),
      key: pointer.key,
    });
  });

  it('fails with PayloadIntegrityError on bytes when the object was altered to another size', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ amount: '100.00' });
    const pointer = pointerOf(text);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: '{"amount":"100.000"}' }));
    const error = await offloader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect(error).toMatchObject({ check: 'bytes', expected: pointer.bytes, actual: pointer.bytes + 1 });
    expect((error as Error).message).toContain('was altered: its bytes is');
  });

  it('restores from the bucket the pointer names', async () => {
    const writer = offloaderFor({ thresholdBytes: 10 });
    const text = await writer.offload({ from: 'writer' });
    const reader = new PayloadOffloader({ s3, bucket: 'some-other-bucket', codec });
    expect(await reader.restore(text)).toStrictEqual({ from: 'writer' });
  });

  it('fails with PayloadStorageError when the bucket does not exist', async () => {
    const offloader = new PayloadOffloader({ s3, bucket: 'no-such-bucket-sosw', thresholdBytes: 1, codec });
    const error = await offloader.offload({ any: 'thing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadStorageError);
    expect(error).toBeInstanceOf(SerializerError);
    expect((error as Error).message).toMatch(
      /^Could not put payload s3:\/\/no-such-bucket-sosw\/sosw\/payloads\/[0-9a-f]{64}\.json/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('rejects a bad threshold or an empty bucket', () => {
    expect(() => new PayloadOffloader({ s3, bucket, thresholdBytes: -1 })).toThrow(InvalidOptionError);
    expect(() => new PayloadOffloader({ s3, bucket, thresholdBytes: 1.5 })).toThrow(/thresholdBytes/);
    expect(() => new PayloadOffloader({ s3, bucket: '' })).toThrow(/"bucket"/);
  });

  it('stores at the root of the bucket when the prefix is empty', () => {
    const offloader = new PayloadOffloader({ s3, bucket, prefix: '' });
    expect(offloader.keyFor('ab')).toBe('ab.json');
    expect(new PayloadOffloader({ s3, bucket }).keyFor('ab')).toBe('sosw/payloads/ab.json');
  });
});
