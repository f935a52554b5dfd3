import { Readable } from 'node:stream';

/**
 * What a GetObject answer's `Body` offers in every runtime: the SDK's one-shot collector. In Node it is also
 * a `Readable`, which is what lets us stop reading early.
 */
export interface S3Body {
  transformToByteArray(): Promise<Uint8Array>;
}

/**
 * Drops a body without reading it: the connection is closed instead of downloading an object nobody wants.
 *
 * @example
 * if (response.ContentLength !== expected) discardBody(response.Body);
 */
export function discardBody(body: S3Body | undefined): void {
  if (body instanceof Readable) body.destroy();
}

/**
 * The body's bytes, or `undefined` as soon as more than `limit` bytes arrive (the rest is not downloaded).
 * `ContentLength` is checked before this, but it is the server's word: counting while reading keeps the
 * bound even when the length is missing or wrong.
 *
 * @example
 * const bytes = await readAtMost(response.Body, pointer.bytes); // undefined: longer than the pointer says
 */
export async function readAtMost(body: S3Body, limit: number): Promise<Uint8Array | undefined> {
  if (!(body instanceof Readable)) {
    // Not Node's stream (a browser or custom HTTP handler): it can only be read whole, then measured.
    const bytes = await body.transformToByteArray();
    return bytes.byteLength > limit ? undefined : bytes;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.byteLength;
    if (total > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
