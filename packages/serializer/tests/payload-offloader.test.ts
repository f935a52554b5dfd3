import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createTestBucket } from '@sosw/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_THRESHOLD_BYTES,
  Decimal,
  InvalidOptionError,
  PayloadContentMismatchError,
  PayloadIntegrityError,
  PayloadMissingError,
  PayloadOffloader,
  PayloadPointer,
  PayloadPointerRefusedError,
  PayloadSizeMismatchError,
  PayloadStorageError,
  PayloadTooLargeError,
  SerializerError,
} from '../src/index.js';
import { Money, codecWithClasses } from './helpers/classes.js';

// The harness points AWS_ENDPOINT_URL_S3 at this run's local S3; the client finds it by itself.
const s3 = new S3Client({ forcePathStyle: true });
let bucket: string;
const codec = codecWithClasses();

/** An offloader under a prefix of its own, so each test sees only its own objects. */
function offloaderFor(options: { thresholdBytes?: number; maxBytes?: number } = {}): PayloadOffloader {
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

/** An S3 client that keeps the body of every answer it receives, to see whether it was read. */
function recordingBodies(): { client: S3Client; bodies: Readable[] } {
  const client = new S3Client({ forcePathStyle: true });
  const bodies: Readable[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const body = (result.output as { Body?: unknown }).Body;
      if (body instanceof Readable) bodies.push(body);
      return result;
    },
    { step: 'initialize' },
  );
  return { client, bodies };
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

  it('fails on sha256 with "content does not match its key", never naming the content\'s real hash', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ amount: '100.00' });
    const pointer = pointerOf(text);
    const altered = '{"amount":"999.99"}';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: altered }));
    const error = await offloader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect(error).toBeInstanceOf(PayloadContentMismatchError);
    expect(error).toMatchObject({ check: 'sha256', key: pointer.key, name: 'PayloadContentMismatchError' });
    expect((error as Error).message).toBe(
      `Offloaded payload s3://${bucket}/${pointer.key} was altered: its content does not match its key.`,
    );
    // Printed in a dead reason, the real hash would let the next message name it and pass the check.
    const realHash = createHash('sha256').update(altered).digest('hex');
    expect(inspect(error, { depth: 5 })).not.toContain(realHash);
    expect(JSON.stringify(error)).not.toContain(realHash);
  });

  it('fails with PayloadIntegrityError on bytes when the object was altered to another size', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ amount: '100.00' });
    const pointer = pointerOf(text);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: '{"amount":"100.000"}' }));
    const error = await offloader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadIntegrityError);
    expect(error).toBeInstanceOf(PayloadSizeMismatchError);
    expect(error).toMatchObject({ check: 'bytes', expected: pointer.bytes, actual: pointer.bytes + 1 });
    expect((error as Error).message).toBe(
      `Offloaded payload s3://${bucket}/${pointer.key} was altered: it is ${pointer.bytes + 1} bytes, ` +
        `the pointer says ${pointer.bytes}.`,
    );
  });

  it('refuses an object larger than its pointer says from its ContentLength, without reading its body', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const text = await offloader.offload({ amount: '100.00' });
    const pointer = pointerOf(text);
    const big = 4 * 1024 * 1024;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: Buffer.alloc(big, 0x20) }));
    const { client, bodies } = recordingBodies();
    const reader = new PayloadOffloader({ s3: client, bucket, prefix: offloader.prefix, codec });
    const error = await reader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadSizeMismatchError);
    expect(error).toMatchObject({ expected: pointer.bytes, actual: big });
    expect(bodies).toHaveLength(1);
    // Read to its end, the body would be `readableEnded`; dropped unread, it is destroyed before that.
    expect(bodies[0]!.readableEnded).toBe(false);
    expect(bodies[0]!.destroyed).toBe(true);
  });

  it('refuses a pointer to another bucket before any S3 call', async () => {
    const otherBucket = await createTestBucket({ client: s3, prefix: 'sosw-other' });
    const writer = new PayloadOffloader({ s3, bucket: otherBucket, thresholdBytes: 10, codec });
    const text = await writer.offload({ from: 'another bucket' });
    const readerS3 = new S3Client({ forcePathStyle: true });
    const send = vi.spyOn(readerS3, 'send');
    const reader = new PayloadOffloader({ s3: readerS3, bucket, codec });
    const error = await reader.restore(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadPointerRefusedError);
    expect(error).toMatchObject({ rule: 'bucket', bucket: otherBucket });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a key outside its prefix before any S3 call, though the object exists and hashes right', async () => {
    const writer = offloaderFor({ thresholdBytes: 10 });
    const text = await writer.offload({ from: 'another prefix' });
    const readerS3 = new S3Client({ forcePathStyle: true });
    const send = vi.spyOn(readerS3, 'send');
    const reader = new PayloadOffloader({ s3: readerS3, bucket, prefix: 'elsewhere', codec });
    const error = await reader.restore(text).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PayloadPointerRefusedError', rule: 'prefix' });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a key that is not the content hash, though size and sha256 match the object', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10 });
    const body = JSON.stringify({ secret: 'not written by an offloader' });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const key = `${offloader.prefix}/config.json`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const forged = codec.serialize(new PayloadPointer(bucket, key, Buffer.byteLength(body), sha256));
    const send = vi.spyOn(s3, 'send');
    const error = await offloader.restore(forged).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PayloadPointerRefusedError', rule: 'key', key });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a pointer over maxBytes before any S3 call, and writes nothing over it', async () => {
    const offloader = offloaderFor({ thresholdBytes: 10, maxBytes: 1_000 });
    expect(new PayloadOffloader({ s3, bucket }).maxBytes).toBe(DEFAULT_MAX_PAYLOAD_BYTES);
    expect(DEFAULT_MAX_PAYLOAD_BYTES).toBe(16 * 1024 * 1024);

    const writeError = await offloader.offload(valueOfSize(1_001)).catch((e: unknown) => e);
    expect(writeError).toBeInstanceOf(PayloadTooLargeError);
    expect(writeError).toMatchObject({ bytes: 1_001, maxBytes: 1_000 });
    expect(await keysUnder(offloader.prefix)).toEqual([]);

    const writer = new PayloadOffloader({ s3, bucket, prefix: offloader.prefix, thresholdBytes: 10, codec });
    const text = await writer.offload(valueOfSize(1_001));
    const send = vi.spyOn(s3, 'send');
    const readError = await offloader.restore(text).catch((e: unknown) => e);
    expect(readError).toBeInstanceOf(PayloadTooLargeError);
    expect(readError).toMatchObject({ bytes: 1_001, maxBytes: 1_000 });
    expect(send).not.toHaveBeenCalled();
    expect(await offloader.restore(await writer.offload(valueOfSize(1_000)))).toStrictEqual(
      valueOfSize(1_000),
    );
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
    expect(() => new PayloadOffloader({ s3, bucket, maxBytes: 0 })).toThrow(/"maxBytes"/);
    expect(() => new PayloadOffloader({ s3, bucket, maxBytes: 2.5 })).toThrow(/"maxBytes"/);
  });

  it('stores at the root of the bucket when the prefix is empty', () => {
    const offloader = new PayloadOffloader({ s3, bucket, prefix: '' });
    expect(offloader.keyFor('ab')).toBe('ab.json');
    expect(new PayloadOffloader({ s3, bucket }).keyFor('ab')).toBe('sosw/payloads/ab.json');
  });
});
