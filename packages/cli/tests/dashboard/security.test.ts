import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/index.js';
import { CliError } from '../../src/errors.js';
import { send } from './http.js';
import { ALPHA, seed, type Seeded } from './seed.js';

// The dashboard holds the operator's AWS credentials: what a page elsewhere (or a DNS-rebound name) can
// make the operator's browser do with it is what these tests try, on the real HTTP server.

let tables: TestTables;
let seeded: Seeded;
let dashboard: RunningDashboard;
let port: string;

beforeAll(async () => {
  tables = await createTestTables();
  seeded = await seed(tables);
  dashboard = await startDashboard({ prefix: tables.prefix, port: 0 });
  port = new URL(dashboard.url).port;
});

afterAll(async () => {
  await dashboard.close();
  await tables.drop();
});

const bearer = () => ({ authorization: `Bearer ${dashboard.token}` });
const at = (path: string) => new URL(path, dashboard.url).href;

describe('the Host header (DNS rebinding)', () => {
  it('is refused for any name but the address it serves, even with the token', async () => {
    for (const host of [
      'rebind.example.com',
      `rebind.example.com:${port}`,
      `127.0.0.1:${Number(port) + 1}`,
      `evil@127.0.0.1:${port}`,
    ]) {
      const answer = await send(at('/api/figures'), { host, headers: bearer() });
      // A user part (`evil@`) is refused by @hono/node-server itself (400) before the dashboard sees it.
      expect(answer.status, host).toBe(host.includes('@') ? 400 : 403);
      expect(answer.text, host).not.toContain('alpha');
    }
    // No Host at all: Node's HTTP server refuses an HTTP/1.1 request without one (requireHostHeader).
    const none = await send(at('/api/figures'), { host: null, headers: bearer() });
    expect(none.status).toBe(400);
    expect(none.text).not.toContain('alpha');
  });

  it('is accepted as 127.0.0.1, localhost or [::1] on its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await send(at('/api/figures'), { host, headers: bearer() });
      expect(answer.status, host).toBe(200);
      expect(answer.text, host).toContain('alpha');
    }
  });
});

describe('the access token', () => {
  it('is needed by every page, fragment, asset and API, and a wrong one is refused', async () => {
    for (const path of [
      '/',
      '/api/figures',
      '/api/tasks/a0',
      '/fragments/labourers',
      '/redrive?labourer=alpha',
      '/assets/dashboard.js',
      '/nothing',
    ]) {
      const none = await send(at(path));
      expect(none.status, path).toBe(401);
      expect(none.text, path).not.toContain('alpha');
      const wrong = await send(at(path), { headers: { authorization: `Bearer ${'0'.repeat(48)}` } });
      expect(wrong.status, path).toBe(401);
    }
    const page = await send(at('/'));
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('token');
    expect(page.text).not.toContain(tables.prefix);
    const api = await send(at('/api/figures'));
    expect(JSON.parse(api.text)).toMatchObject({ error: expect.stringContaining('token') as unknown });
    expect(api.headers['www-authenticate']).toBe('Bearer');
  });

  it('is taken from Authorization: Bearer, or from ?token= by the API', async () => {
    expect((await send(at('/api/figures'), { headers: bearer() })).status).toBe(200);
    const query = await send(at(`/api/figures?token=${dashboard.token}`));
    expect(query.status).toBe(200);
    expect(query.text).toContain('alpha');
  });

  it('in the printed URL sets an HttpOnly SameSite=Strict cookie and leads to the clean URL', async () => {
    expect(dashboard.loginUrl).toBe(`${dashboard.url}?token=${dashboard.token}`);
    const first = await send(at(`/tasks/${seeded.completedTask}?labourer=alpha&token=${dashboard.token}`));
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/tasks/${seeded.completedTask}?labourer=alpha`);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain(dashboard.token);
    const cookie = setCookie.split(';')[0]!;

    const page = await send(at(String(first.headers.location)), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(seeded.completedTask);
    expect((await send(at('/api/figures'), { headers: { cookie } })).status).toBe(200);
    const forged = `${cookie.split('=')[0]!}=${'A'.repeat(43)}`;
    expect((await send(at('/api/figures'), { headers: { cookie: forged } })).status).toBe(401);
  });

  it('is random per start, or the one the operator gives, checked', async () => {
    expect(dashboard.token).toMatch(/^[0-9a-f]{48}$/);
    expect([dashboard.loopbackOnly, dashboard.redrive]).toEqual([true, true]);
    const mine = await startDashboard({ prefix: tables.prefix, port: 0, token: 'my-script-token-0123' });
    try {
      expect(mine.token).toBe('my-script-token-0123');
      const answer = await send(new URL('/api/figures', mine.url).href, {
        headers: { authorization: 'Bearer my-script-token-0123' },
      });
      expect(answer.status).toBe(200);
    } finally {
      await mine.close();
    }
    await expect(startDashboard({ prefix: tables.prefix, port: 0, token: 'short' })).rejects.toThrow(
      CliError,
    );
  });

  it('comes from SOSW_DASHBOARD_TOKEN when no token is given', async () => {
    const saved = process.env.SOSW_DASHBOARD_TOKEN;
    process.env.SOSW_DASHBOARD_TOKEN = 'token-from-the-environment';
    try {
      const fromEnv = await startDashboard({ prefix: tables.prefix, port: 0 });
      expect(fromEnv.token).toBe('token-from-the-environment');
      await fromEnv.close();
    } finally {
      if (saved === undefined) delete process.env.SOSW_DASHBOARD_TOKEN;
      else process.env.SOSW_DASHBOARD_TOKEN = saved;
    }
  });
});

describe('a POST', () => {
  /** Logs in as a browser does, and opens the redrive confirmation of alpha: its form fields and cookie. */
  async function confirmation() {
    const login = await send(at(`/?token=${dashboard.token}`));
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await send(at('/redrive?labourer=alpha'), { headers: { cookie } });
    expect(page.status).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const since = /name="since" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    return { cookie, body: new URLSearchParams({ labourer: 'alpha', since, token }).toString() };
  }

  it('from another origin, or from a browser that names none, changes nothing', async () => {
    const { cookie, body } = await confirmation();
    const before = await seeded.taskManager.retryLength(ALPHA);
    for (const origin of ['http://evil.example', 'null', `http://localhost:${port}`, undefined]) {
      const headers: Record<string, string> = { cookie };
      if (origin !== undefined) headers.origin = origin;
      const answer = await send(at('/redrive'), { method: 'POST', headers, body });
      expect(answer.status, String(origin)).toBe(403);
    }
    // Only a right Bearer token marks a script: a wrong one beside the browser's cookie is still a browser.
    const wrongBearer = await send(at('/redrive'), {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', authorization: `Bearer ${'0'.repeat(48)}` },
      body,
    });
    expect(wrongBearer.status).toBe(403);
    expect(await seeded.taskManager.retryLength(ALPHA)).toBe(before);
  });

  it('from its own page is served', async () => {
    const { cookie, body } = await confirmation();
    const answer = await send(at('/redrive'), {
      method: 'POST',
      headers: { cookie, origin: `http://127.0.0.1:${port}` },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('sent to the retry table');

    // A script with the Bearer token needs no Origin: it passes the guard, and the spent confirmation is
    // what refuses it (400), not the guard (403).
    const script = await send(at('/redrive'), { method: 'POST', headers: bearer(), body });
    expect(script.status).toBe(400);
    expect(script.text).toContain('confirmation has expired or was used already');
  });
});

describe('listening beyond this machine', () => {
  it('turns redrive off unless asked for, and says how', async () => {
    const open = await startDashboard({ prefix: tables.prefix, host: '0.0.0.0', port: 0 });
    try {
      expect(open.loopbackOnly).toBe(false);
      expect(open.redrive).toBe(false);
      // Its address is this machine's loopback: a browser sending Host 0.0.0.0 would be refused.
      expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await send(open.loginUrl)).status).toBe(303);
      const url = (path: string) => `http://127.0.0.1:${new URL(open.url).port}${path}`;
      const headers = { authorization: `Bearer ${open.token}` };
      const confirm = await send(url('/redrive?labourer=alpha'), { headers });
      expect(confirm.status).toBe(403);
      expect(confirm.text).toContain('--allow-redrive');
      const post = await send(url('/redrive'), {
        method: 'POST',
        headers,
        body: new URLSearchParams({ labourer: 'alpha', since: '0', token: 'x'.repeat(24) }).toString(),
      });
      expect(post.status).toBe(403);
      const home = await send(url('/'), { headers });
      expect(home.status).toBe(200);
      expect(home.text).not.toContain('href="/redrive');
    } finally {
      await open.close();
    }

    const allowed = await startDashboard({
      prefix: tables.prefix,
      host: '0.0.0.0',
      port: 0,
      allowRedrive: true,
    });
    try {
      expect(allowed.redrive).toBe(true);
      const answer = await send(`http://127.0.0.1:${new URL(allowed.url).port}/redrive?labourer=alpha`, {
        headers: { authorization: `Bearer ${allowed.token}` },
      });
      expect(answer.status).toBe(200);
    } finally {
      await allowed.close();
    }
  });
});

describe('a failure', () => {
  it("shows the error's name and where the rest is, never the AWS message (account ids, role ARNs)", async () => {
    const secret =
      'User: arn:aws:sts::123456789012:assumed-role/Operator/me is not authorized to perform: dynamodb:Query';
    const client = new DynamoDBClient({});
    client.middlewareStack.add(
      () => () => {
        throw Object.assign(new Error(secret), { name: 'AccessDeniedException' });
      },
      { step: 'initialize' },
    );
    const failing = await startDashboard({
      prefix: tables.prefix,
      port: 0,
      db: new DynamoClient({ client }),
    });
    try {
      const headers = { authorization: `Bearer ${failing.token}` };
      const api = await send(new URL('/api/throughput', failing.url).href, { headers });
      const page = await send(new URL('/buried', failing.url).href, { headers });
      for (const answer of [api, page]) {
        expect(answer.status).toBe(500);
        expect(answer.text).toContain('AccessDeniedException');
        expect(answer.text).toContain('terminal');
        expect(answer.text).not.toContain('123456789012');
        expect(answer.text).not.toContain('arn:aws');
      }
    } finally {
      await failing.close();
    }
  });
});
