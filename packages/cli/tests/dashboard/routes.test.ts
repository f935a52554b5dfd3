import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDashboardApp,
  DashboardData,
  loadAssets,
  type ThroughputView,
} from '../../src/dashboard/index.js';
import type { Figures } from '../../src/dashboard/index.js';
import { allowedHosts, newAccessToken } from '../../src/dashboard/access.js';
import { ALPHA, EXPECTED_FIGURES, seed, type Seeded } from './seed.js';

let tables: TestTables;
let seeded: Seeded;
let app: ReturnType<typeof createDashboardApp>;

// The routes as the dashboard's own page reaches them: its Host, its token (`security.test.ts` tries others).
const HOST = '127.0.0.1:8080';
const TOKEN = newAccessToken();
const request = (path: string, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: { host: HOST, authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
  });

beforeAll(async () => {
  tables = await createTestTables();
  seeded = await seed(tables);
  // A time to live of 0: every request reads the tables, so each figure is what they hold now.
  const data = new DashboardData({ prefix: tables.prefix, figuresTtlMs: 0, throughputTtlMs: 0 });
  app = createDashboardApp({
    data,
    assets: await loadAssets(),
    access: {
      token: TOKEN,
      port: 8080,
      hosts: allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 8080 }),
    },
    redrive: true,
    target: 'DynamoDB Local',
  });
});

afterAll(() => tables.drop());

async function json<T>(path: string, status = 200): Promise<T> {
  const response = await request(path);
  expect(response.status, path).toBe(status);
  return (await response.json()) as T;
}

async function html(path: string, status = 200): Promise<string> {
  const response = await request(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toContain('text/html');
  return response.text();
}

/** The per-minute count of a series at the minute holding `closedAt` (epoch seconds). */
function atMinute(
  view: ThroughputView,
  series: 'completed' | 'buried',
  closedAt: number,
): number | undefined {
  const index = view.minutes.indexOf(Math.floor(closedAt / 60) * 60_000);
  return index < 0 ? undefined : view[series][index];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the labourer figures', () => {
  it('equal what the tables hold, per labourer, with the eco status and budget', async () => {
    const figures = await json<Figures>('/api/figures');
    expect(figures.labourers.map((row) => row.labourer)).toEqual(['alpha', 'beta']);
    for (const row of figures.labourers) {
      expect(row).toMatchObject(EXPECTED_FIGURES[row.labourer as keyof typeof EXPECTED_FIGURES]);
      // No health metrics: High (4); the budget is max_simultaneous_invocations minus running.
      expect(row.eco).toMatchObject({ status: 4, statusName: 'High', metrics: [] });
    }
    expect(figures.labourers[0]?.eco.budget).toBe(4 - 2);
    expect(figures.labourers[1]?.eco.budget).toBe(2);
    // The cap: what may run at once, whatever runs now.
    expect(figures.labourers.map((row) => row.eco.cap)).toEqual([4, 2]);
  });

  it('are on the page, in the right cells, with totals', async () => {
    const page = await html('/');
    const row = page.slice(page.indexOf('data-labourer="alpha"'), page.indexOf('data-labourer="beta"'));
    for (const [field, value] of Object.entries(EXPECTED_FIGURES.alpha)) {
      expect(row, field).toContain(`data-field="${field}">${value}<`);
    }
    expect(row).toContain('4 High');
    expect(page).toContain('data-total="queued">5<');
    expect(page).toContain('data-total="dead">2<');
  });

  it('come as an HTML fragment for the page script to swap in', async () => {
    const fragment = await html('/fragments/labourers');
    expect(fragment.startsWith('<tbody id="labourer-rows"')).toBe(true);
    expect(fragment).toContain('data-field="running">2<');
  });
});

describe('the throughput chart', () => {
  it('counts completed and buried tasks per minute from the closed table', async () => {
    const view = await json<ThroughputView>('/api/throughput?labourer=alpha&hours=3');
    expect(view.minutes).toHaveLength(180);
    expect(view.minutes[1]! - view.minutes[0]!).toBe(60_000);
    // Within 3 h: two closed 2 min ago and one 62 min ago; buried now and 10 min ago.
    expect(sum(view.completed)).toBe(3);
    expect(sum(view.buried)).toBe(2);
    expect(atMinute(view, 'completed', seeded.closedAt.completed[0]!)).toBe(2);
    expect(atMinute(view, 'completed', seeded.closedAt.completed[2]!)).toBe(1);
    expect(atMinute(view, 'buried', seeded.buriedTask.closedAt)).toBe(1);
  });

  it('follows the window asked for, and sums all labourers without one', async () => {
    const hour = await json<ThroughputView>('/api/throughput?labourer=alpha&hours=1');
    expect([hour.minutes.length, sum(hour.completed), sum(hour.buried)]).toEqual([60, 2, 2]);
    const day = await json<ThroughputView>('/api/throughput?hours=24');
    expect([day.minutes.length, sum(day.completed), sum(day.buried)]).toEqual([1440, 4, 2]);
    const beta = await json<ThroughputView>('/api/throughput?labourer=beta');
    expect([beta.hours, sum(beta.completed), sum(beta.buried)]).toEqual([3, 0, 0]);
  });

  it('gives the queue length this dashboard sampled on its refreshes', async () => {
    await json('/api/figures');
    const all = await json<ThroughputView>('/api/throughput');
    const alpha = await json<ThroughputView>('/api/throughput?labourer=alpha');
    expect(all.queue.length).toBeGreaterThan(0);
    expect(all.queue.at(-1)?.y).toBe(5);
    expect(alpha.queue.at(-1)?.y).toBe(3);
    expect(all.queueSince).toBe(all.queue[0]?.x);
  });
});

describe('buried tasks and a task page', () => {
  it('lists the latest buried tasks, newest first, linking to their pages', async () => {
    const buried = await json<{ task_id: string; closed_at: number }[]>('/api/buried?labourer=alpha');
    expect(buried.map((task) => task.task_id)).toEqual([seeded.buriedTask.id, 'dead-0', 'dead-1']);
    expect((await json<unknown[]>('/api/buried?limit=1')).length).toBe(1);
    const page = await html('/');
    expect(page).toContain(`href="/tasks/${seeded.buriedTask.id}?labourer=alpha"`);
  });

  it("shows a task's rows, where it is and its meta timeline", async () => {
    const view = await json<{ where: string; meta: { action: string }[]; task?: unknown }>(
      `/api/tasks/${seeded.completedTask}`,
    );
    expect(view.where).toBe('completed, awaiting archive');
    expect(view.meta.map((row) => row.action)).toEqual(
      expect.arrayContaining(['created', 'marked_as_completed']),
    );

    const page = await html(`/tasks/${seeded.buriedTask.id}`);
    expect(page).toContain('buried (closed as dead)');
    expect(page).toContain('data-action="archived_dead"');
    expect(page).toContain('Closed table row');
  });

  it('finds a task from the lookup form, and says when there is none', async () => {
    const lookup = await request(`/tasks?id=${seeded.completedTask}`);
    expect(lookup.status).toBe(303);
    expect(lookup.headers.get('location')).toBe(`/tasks/${seeded.completedTask}`);
    expect(await html('/tasks/nope', 404)).toContain('no task &quot;nope&quot;');
    expect((await json<{ error: string }>('/api/tasks/nope', 404)).error).toContain('no task "nope"');
  });
});

describe('redrive', () => {
  const preview = async (labourer: string) => {
    const page = await html(`/redrive?labourer=${labourer}`);
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1];
    const since = /name="since" value="(\d+)"/.exec(page)?.[1];
    return { page, token, since };
  };
  const post = (fields: Record<string, string>) =>
    request('/redrive', { method: 'POST', body: new URLSearchParams(fields) });

  it('shows how many buried tasks it will re-queue, and a GET changes nothing', async () => {
    const { page, token } = await preview('alpha');
    expect(page).toMatch(/<strong>2<\/strong> buried tasks of alpha/);
    expect(token).toMatch(/^[\w-]{24}$/);
    expect(await seeded.taskManager.countClosed(ALPHA, 'dead', 0)).toBe(3);
    expect(await seeded.taskManager.retryLength(ALPHA)).toBe(1);
  });

  it('refuses a POST without the token of its confirmation page', async () => {
    const { since } = await preview('alpha');
    const forged = await post({ labourer: 'alpha', since: since!, token: 'x'.repeat(24) });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('confirmation has expired or was used already');
    const missing = await post({ labourer: 'alpha', since: since! });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('token');
    expect(await seeded.taskManager.retryLength(ALPHA)).toBe(1);
  });

  it('re-queues the buried tasks after confirmation, once', async () => {
    const { token, since } = await preview('alpha');
    const fields = { labourer: 'alpha', since: since!, token: token! };
    const done = await post(fields);
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/<strong>2<\/strong> tasks sent to the retry table/);
    // The one buried 26 h ago is outside the 24 h window and stays buried.
    expect(await seeded.taskManager.countClosed(ALPHA, 'dead', 0)).toBe(1);
    expect(await seeded.taskManager.retryLength(ALPHA)).toBe(3);
    expect((await json<Figures>('/api/figures')).labourers[0]).toMatchObject({ retrying: 3, dead: 0 });
    expect((await post(fields)).status).toBe(400);
  });
});

describe('what the dashboard refuses', () => {
  it('names the bad parameter with 400', async () => {
    expect((await json<{ error: string }>('/api/throughput?hours=5', 400)).error).toContain('hours');
    expect((await json<{ error: string }>('/api/throughput?labourer=a%20b', 400)).error).toContain(
      'labourer',
    );
    expect((await json<{ error: string }>('/api/buried?limit=0', 400)).error).toContain('limit');
    expect(await html('/redrive?labourer=alpha&hours=-1', 400)).toContain('hours');
  });

  it('says which labourers exist when asked for another, with 404', async () => {
    const { error } = await json<{ error: string }>('/api/throughput?labourer=nobody', 404);
    expect(error).toBe(
      `no labourer "nobody" in sosw_essential_config under prefix "${tables.prefix}": known labourers are "alpha", "beta"`,
    );
    expect(await html('/redrive?labourer=nobody', 404)).toContain('no labourer');
  });

  it('escapes what a URL brings into a page', async () => {
    const page = await html(`/tasks/${encodeURIComponent('<script>alert(1)</script>')}`, 404);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('serves its own files only, with a policy that runs no other script', async () => {
    const chart = await request('/assets/chart.umd.min.js');
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toContain('text/javascript');
    expect(await chart.text()).toContain('Chart');
    expect((await request('/assets/..%2Fpackage.json')).status).toBe(404);
    const page = await request('/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The page's own form POST must carry its real Origin for the guard (see app.tsx).
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });
});
