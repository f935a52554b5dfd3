import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { discardBody, readAtMost, type S3Body } from '../src/s3-body.js';

/** A body as the SDK gives it in Node: a Readable with the SDK's collector mixed in. */
function streamOf(chunks: string[]): Readable & S3Body {
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(stream, {
    transformToByteArray: () => Promise.reject(new Error('must not collect a Node stream whole')),
  });
}

describe('readAtMost: reading a body without trusting its length', () => {
  it('returns every byte of a body no longer than the limit', async () => {
    const bytes = await readAtMost(streamOf(['ab', 'cd']), 4);
    expect(Buffer.from(bytes!).toString()).toBe('abcd');
  });

  it('stops and destroys the stream at the first chunk past the limit', async () => {
    const body = streamOf(['ab', 'cd', 'ef', 'gh']);
    expect(await readAtMost(body, 3)).toBeUndefined();
    expect(body.destroyed).toBe(true);
    expect(body.readableEnded).toBe(false);
  });

  it('measures a body that is not a Node stream after collecting it', async () => {
    const body: S3Body = { transformToByteArray: () => Promise.resolve(new Uint8Array(5)) };
    expect(await readAtMost(body, 4)).toBeUndefined();
    expect(await readAtMost(body, 5)).toHaveLength(5);
  });
});

describe('discardBody', () => {
  it('destroys a Node stream unread, and ignores anything else', () => {
    const body = streamOf(['ab']);
    discardBody(body);
    expect(body.destroyed).toBe(true);
    expect(() => {
      discardBody(undefined);
    }).not.toThrow();
  });
});
