import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidOptionError } from '@sosw/local';
import { DynamoDbFaultPlan, validateDynamoDbFaults } from './fault-proxy-plan.js';
import type { DynamoDbFaults, FaultCounts, FaultProxy, FaultProxyOptions } from './fault-proxy-types.js';
import { logToStderr } from './log.js';

/** DynamoDB's JSON protocol names an error by this prefix and the shape's name in `__type`. */
const ERROR_TYPE_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** What DynamoDB answers when it sheds load, and when it fails inside. */
const CANNED: Record<'throttle' | 'error', { status: number; type: string; message: string }> = {
  throttle: {
    status: 400,
    type: 'ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  error: { status: 500, type: 'InternalServerError', message: 'Internal server error' },
};

interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * Starts an HTTP proxy in front of a DynamoDB endpoint (DynamoDB Local) that injects faults into a share
 * of the requests: throttling (400 `ThrottlingException`), 500 `InternalServerError`, connections
 * dropped before or after forwarding, and latency spikes (see `DynamoDbFaultKind`). Point clients at it
 * with `AWS_ENDPOINT_URL_DYNAMODB`. Requests are forwarded as they came (signature, host header and all:
 * DynamoDB Local does not check signatures).
 *
 * `dropAfter` is the nasty one: the write happened, the client saw a reset connection and retries it,
 * so conditional writes fail their condition on the retry and unconditional ones run twice.
 *
 * @throws InvalidOptionError naming the field when `target` is not an http URL or a share is out of range
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({
 *   target: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
 *   faults: { throttle: 0.05, error: 0.02, dropAfter: 0.01, latency: 0.02, latencyMs: 500, seed: 7 },
 * });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.endpoint; // clients built from now on go through it
 * // ... run the system ...
 * console.log(proxy.counts()); // { throttle: 51, error: 19, dropBefore: 0, dropAfter: 11, latency: 22, passed: 912, unreachable: 0 }
 * await proxy.stop();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = checkTarget(options.target);
  let plan = options.faults === undefined ? undefined : new DynamoDbFaultPlan(options.faults);
  const counts: FaultCounts = {
    throttle: 0,
    error: 0,
    dropBefore: 0,
    dropAfter: 0,
    latency: 0,
    passed: 0,
    unreachable: 0,
  };
  // Keep-alive to the target: the proxy must not be the bottleneck of a load test.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const fault = plan?.next(operationOf(req));
    if (fault === 'throttle' || fault === 'error') {
      counts[fault] += 1;
      reply(res, cannedError(fault));
      return;
    }
    if (fault === 'dropBefore') {
      counts.dropBefore += 1;
      req.socket.destroy();
      return;
    }
    if (fault === 'latency') await sleep(plan?.latencyMs ?? 0);
    let answer: Answer;
    try {
      answer = await forward(target, agent, req, body);
    } catch {
      // The target is down (restarting, say): the client sees what it would see without the proxy.
      counts.unreachable += 1;
      req.socket.destroy();
      return;
    }
    if (fault === 'dropAfter') {
      counts.dropAfter += 1;
      req.socket.destroy();
      return;
    }
    counts[fault ?? 'passed'] += 1;
    reply(res, answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new InvalidOptionError('port', 'no TCP port bound');
  const endpoint = `http://127.0.0.1:${address.port}`;
  (options.log ?? logToStderr)(`DynamoDB fault proxy at ${endpoint} -> ${target}`);

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    get target() {
      return target;
    },
    setFaults(faults: DynamoDbFaults | undefined) {
      plan = faults === undefined ? undefined : new DynamoDbFaultPlan(validateDynamoDbFaults(faults));
    },
    setTarget(next: string) {
      target = checkTarget(next);
    },
    counts: () => ({ ...counts }),
    injected: () => counts.throttle + counts.error + counts.dropBefore + counts.dropAfter + counts.latency,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      });
      return stopped;
    },
  };
}

function checkTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new InvalidOptionError(
      'target',
      `must be an http URL such as http://127.0.0.1:8000, got "${target}"`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new InvalidOptionError(
      'target',
      `must be an http URL (DynamoDB Local speaks http), got "${target}"`,
    );
  }
  return url.origin;
}

/** `DynamoDB_20120810.PutItem` -> `PutItem`. */
function operationOf(req: IncomingMessage): string {
  const header = req.headers['x-amz-target'];
  const value = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
  return value.slice(value.indexOf('.') + 1);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** DynamoDB's error answer for a canned fault, as the AWS JSON 1.0 protocol writes it. */
function cannedError(kind: 'throttle' | 'error'): Answer {
  const { status, type, message } = CANNED[kind];
  const body = Buffer.from(JSON.stringify({ __type: `${ERROR_TYPE_PREFIX}${type}`, message }));
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': body.length,
      'x-amzn-requestid': randomUUID(),
    },
    body,
  };
}

/** Sends the request on to the target and reads the whole answer. */
function forward(target: string, agent: Agent, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers: OutgoingHttpHeaders = { ...res.headers };
          // The proxy sends the body whole, with its length: no chunked framing to pass on.
          delete headers['transfer-encoding'];
          const whole = Buffer.concat(chunks);
          headers['content-length'] = whole.length;
          resolve({ status: res.statusCode ?? 502, headers, body: whole });
        });
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
