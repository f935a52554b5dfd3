import { request } from 'node:http';

/** What came back from `send`. */
export interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request through `node:http`, not `fetch`: `fetch` always writes its own `Host` header, and these
 * tests must send the headers a hostile page or a DNS-rebound browser would (a foreign `Host`, `Origin`).
 * `host: null` sends no `Host` header at all.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; host?: string | null; body?: string } = {},
): Promise<Sent> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (typeof options.host === 'string') headers.host = options.host;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers,
        setHost: options.host !== null,
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
