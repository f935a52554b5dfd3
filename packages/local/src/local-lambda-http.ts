import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './local-lambda-replies.js';

/** A request body: its bytes, unless it was longer than the limit, in which case only its length. */
export type Body = { bytes: Buffer; length: number } | { bytes: undefined; length: number };

/**
 * Reads the whole request body, keeping at most `limit` bytes: a longer one is read to its end (so the
 * client sees the 413 rather than a reset connection) but not kept.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    length += buffer.length;
    if (length <= limit) chunks.push(buffer);
  }
  return length <= limit ? { bytes: Buffer.concat(chunks), length } : { bytes: undefined, length };
}

/** Writes `reply`, with the request id every Lambda response carries. */
export function send(response: ServerResponse, reply: Reply, requestId: string): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(reply.status, { ...reply.headers, 'x-amzn-requestid': requestId });
  response.end(reply.body);
}
