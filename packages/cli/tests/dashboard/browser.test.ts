import { createTestTables, type TestTables } from '@sosw/testing';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/index.js';
import { ALPHA, EXPECTED_FIGURES, seed, type Seeded } from './seed.js';

/** Where the screenshot goes (gitignored): a test artifact to look at after a run. */
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let tables: TestTables;
let seeded: Seeded;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  tables = await createTestTables();
  seeded = await seed(tables);
  dashboard = await startDashboard({ prefix: tables.prefix, port: 0, refreshMs: 1_000, figuresTtlMs: 500 });
  // Debian's Chromium (scripts/setup.sh installs it); playwright-core downloads no browser.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser.close();
  await dashboard.close();
  await tables.drop();
});

it('shows the labourers and a chart, opens a timeline, and redrives after confirmation', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  // The printed address with its token: the dashboard sets its cookie and leads to the address without it.
  await page.goto(dashboard.loginUrl);
  expect(page.url()).toBe(dashboard.url);

  // The labourer table, with the seeded figures.
  const alpha = page.locator('tr[data-labourer="alpha"]');
  for (const [field, value] of Object.entries(EXPECTED_FIGURES.alpha)) {
    expect(await alpha.locator(`[data-field="${field}"]`).textContent(), field).toBe(String(value));
  }
  expect(await page.locator('tr[data-labourer="beta"] [data-field="queued"]').textContent()).toBe('2');

  // The charts: drawn by Chart.js from /api/throughput (all labourers, last 3 hours).
  await page.locator('#throughput-chart[data-rendered="true"]').waitFor();
  // Evaluated in the page (this package is typed without the DOM library, hence strings).
  const plotted = await page.evaluate<number[]>(
    `Chart.getChart('throughput-chart').data.datasets.map((set) => set.data.reduce((sum, p) => sum + p.y, 0))`,
  );
  expect(plotted).toEqual([3, 2]); // completed, buried per minute, summed over the window
  const drawn = await page.evaluate<boolean>(`(() => {
    const canvas = document.getElementById('throughput-chart');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return pixels.some((value, i) => i % 4 === 3 && value > 0);
  })()`);
  expect(drawn).toBe(true);

  // The table refreshes on its own: a task created now shows up without reloading the page.
  await seeded.taskManager.createTasks(ALPHA.id, [{ task_id: 'late', payload: {} }]);
  await expect
    .poll(() => alpha.locator('[data-field="queued"]').textContent(), { timeout: 15_000 })
    .toBe('4');

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });

  // A buried task's page, from the list of the latest buried tasks.
  await page.locator(`a[href^="/tasks/${seeded.buriedTask.id}"]`).first().click();
  await page.locator('#timeline').waitFor();
  expect(await page.locator('#where').textContent()).toContain('buried');
  expect(await page.locator('#timeline li[data-action="archived_dead"]').count()).toBe(1);

  // Redrive: the confirmation says how many, and only the confirming POST re-queues them.
  await page.goto(dashboard.url);
  await alpha.locator('a', { hasText: 'redrive' }).click();
  expect(await page.locator('#redrive-count').textContent()).toContain('2 buried tasks of alpha');
  expect(await seeded.taskManager.retryLength(ALPHA)).toBe(1);
  await page.locator('#confirm-redrive').click();
  expect(await page.locator('#redrive-result').textContent()).toContain('2 tasks sent to the retry table');
  expect(await seeded.taskManager.retryLength(ALPHA)).toBe(3);
  const record = await seeded.taskManager.getTask(seeded.buriedTask.id);
  expect(record.closed).toBeUndefined();
  expect(record.retry).toMatchObject({ attempts: 0 });

  expect(errors).toEqual([]);
});

it('without its token shows no figures, and takes the token pasted into its form', async () => {
  // A context of its own: no cookie from the test above.
  const context = await browser.newContext();
  const page = await context.newPage();
  const taskUrl = `${dashboard.url}tasks/${seeded.buriedTask.id}`;
  const first = await page.goto(taskUrl);
  expect(first?.status()).toBe(401);
  expect(await page.locator('tr[data-labourer]').count()).toBe(0);
  expect(await page.content()).not.toContain(tables.prefix);

  await page.locator('input[name="token"]').fill(dashboard.token);
  await page.locator('button[type="submit"]').click();
  await page.locator('#timeline').waitFor();
  expect(page.url()).toBe(taskUrl);
  await context.close();
});
