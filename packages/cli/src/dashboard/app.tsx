import { zValidator } from '@hono/zod-validator';
import { formatZodError } from '@sosw/core';
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { z } from 'zod';
import { explain } from '../errors.js';
import { ASSET_NAMES, type Asset, type AssetName } from './assets.js';
import type { DashboardData } from './data.js';
import {
  DashboardForbiddenError,
  DashboardNotFoundError,
  DashboardRequestError,
  failureMessage,
} from './errors.js';
import { guard, type DashboardAccess } from './guard.js';
import {
  buriedQuery,
  redriveForm,
  redriveQuery,
  taskParam,
  taskLookupQuery,
  taskQuery,
  throughputQuery,
} from './schemas.js';
import { BuriedPage } from './views/buried-page.js';
import { ErrorPage } from './views/error-page.js';
import { HomePage } from './views/home-page.js';
import { LabourerRows } from './views/labourer-table.js';
import type { PageContext } from './views/layout.js';
import { RedriveConfirmPage, RedriveDonePage } from './views/redrive-page.js';
import { TaskPage } from './views/task-page.js';

/** What the routes need: the data, the page's files, who may use them, and how often the page refreshes. */
export interface DashboardAppOptions {
  data: DashboardData;
  assets: ReadonlyMap<AssetName, Asset>;
  /** The access token and the `Host` names it answers (see `guard`). */
  access: DashboardAccess;
  /** Whether `/redrive` re-queues buried tasks; `startDashboard` turns it off beyond this machine. */
  redrive: boolean;
  /** The labourer table refreshes this often, in ms. Default 5 000. */
  refreshMs?: number | undefined;
  /** Where the tables are, for the header. Default: from `AWS_ENDPOINT_URL_DYNAMODB` or `AWS_REGION`. */
  target?: string | undefined;
}

/** Buried tasks on the front page. */
const FRONT_PAGE_BURIED = 10;

/** Where the tables are, in words, from the SDK's own variables. */
function describeTarget(env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined) return `DynamoDB at ${endpoint}`;
  return `AWS region ${env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'of your AWS profile'}`;
}

/** Validates a part of the request with a zod schema; a failure is a 400 that names the bad field. */
function valid<Target extends 'query' | 'form' | 'param', S extends z.ZodType>(target: Target, schema: S) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new DashboardRequestError(formatZodError(result.error, `the request's ${target}`).message);
    }
  });
}

/**
 * The dashboard's routes: server-rendered pages (hono JSX, escaped by construction), an HTML fragment
 * and JSON for the page script, and the page's files. Every AWS call happens here, on the server; the
 * browser never sees credentials. Every request passes `guard` first (its Host, its Origin, the access
 * token). No GET changes anything: a redrive is a POST with the token of its confirmation page.
 *
 * @example
 * ```ts
 * const app = createDashboardApp({
 *   data: new DashboardData({ prefix: 'dev_' }),
 *   assets: await loadAssets(),
 *   access: { token, port: 8080, hosts: allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 8080 }) },
 *   redrive: true,
 * });
 * const response = await app.request('/api/figures', {
 *   headers: { host: '127.0.0.1:8080', authorization: `Bearer ${token}` },
 * });
 * ```
 */
export function createDashboardApp(options: DashboardAppOptions): Hono {
  const { data, assets } = options;
  const refreshMs = options.refreshMs ?? 5_000;
  const page: PageContext = {
    prefix: data.prefix,
    target: options.target ?? describeTarget(),
    redrive: options.redrive,
  };
  const app = new Hono();

  app.use(
    secureHeaders({
      // Only the dashboard's own files run: no inline script, nothing from elsewhere.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // Not the default `no-referrer`: under it a browser sends `Origin: null` even with the page's own
      // form POST (Fetch standard, "serializing a request origin"), and `guard` could not tell that from a
      // page elsewhere. `same-origin` sends the real Origin to the dashboard only, and nothing elsewhere.
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(guard(options.access));

  app.get('/', async (c) => {
    const [figures, buried] = await Promise.all([data.figures(), data.buried(undefined, FRONT_PAGE_BURIED)]);
    return c.html(<HomePage page={page} figures={figures} buried={buried} refreshMs={refreshMs} />);
  });

  app.get('/fragments/labourers', async (c) =>
    c.html(<LabourerRows figures={await data.figures()} redrive={options.redrive} />),
  );

  app.get('/api/figures', async (c) => c.json(await data.figures()));

  app.get('/api/throughput', valid('query', throughputQuery), async (c) => {
    const { labourer, hours } = c.req.valid('query');
    return c.json(await data.throughput(labourer, hours));
  });

  app.get('/api/buried', valid('query', buriedQuery), async (c) => {
    const { labourer, limit } = c.req.valid('query');
    return c.json(await data.buried(labourer, limit));
  });

  app.get('/api/tasks/:id', valid('param', taskParam), valid('query', taskQuery), async (c) => {
    return c.json(await data.task(c.req.valid('param').id, c.req.valid('query').labourer));
  });

  app.get('/tasks', valid('query', taskLookupQuery), (c) =>
    c.redirect(`/tasks/${encodeURIComponent(c.req.valid('query').id)}`, 303),
  );

  app.get('/tasks/:id', valid('param', taskParam), valid('query', taskQuery), async (c) => {
    const { id } = c.req.valid('param');
    return c.html(
      <TaskPage page={page} taskId={id} view={await data.task(id, c.req.valid('query').labourer)} />,
    );
  });

  app.get('/buried', valid('query', buriedQuery), async (c) => {
    const { labourer, limit } = c.req.valid('query');
    const [tasks, labourers] = await Promise.all([data.buried(labourer, limit), data.labourers()]);
    return c.html(
      <BuriedPage
        page={page}
        labourer={labourer}
        labourers={labourers.map((l) => l.id)}
        tasks={tasks}
        limit={limit}
      />,
    );
  });

  // Redrive writes to the deployment with the operator's credentials: off for a dashboard that listens
  // beyond this machine unless the operator asked for it (`--allow-redrive`).
  app.use('/redrive', async (_c, next) => {
    if (!options.redrive) {
      throw new DashboardForbiddenError(
        'redrive is off: this dashboard listens beyond this machine (--host); start it with --allow-redrive to turn it on',
      );
    }
    await next();
  });

  app.get('/redrive', valid('query', redriveQuery), async (c) => {
    const { labourer, hours } = c.req.valid('query');
    return c.html(<RedriveConfirmPage page={page} preview={await data.redrivePreview(labourer, hours)} />);
  });

  app.post('/redrive', valid('form', redriveForm), async (c) => {
    const { labourer, since, token } = c.req.valid('form');
    const result = await data.redrive(labourer, since, token);
    return c.html(<RedriveDonePage page={page} labourer={labourer} result={result} />);
  });

  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const asset = (ASSET_NAMES as readonly string[]).includes(name)
      ? assets.get(name as AssetName)
      : undefined;
    if (asset === undefined) throw new DashboardNotFoundError(`no asset "${name}"`);
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': 'no-cache',
    });
  });

  // Browsers ask for it on every page; there is none, and a 404 would be noise in their console.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound((c) => respondWithError(c, new DashboardNotFoundError(`nothing at ${c.req.path}`), page));
  app.onError((error, c) => respondWithError(c, error, page));
  return app;
}

/** The HTTP status of an error: the dashboard's own say theirs, anything else is a 500. */
function statusOf(error: unknown): 400 | 403 | 404 | 500 {
  if (error instanceof DashboardNotFoundError) return 404;
  if (error instanceof DashboardRequestError) return 400;
  if (error instanceof DashboardForbiddenError) return 403;
  return 500;
}

/**
 * An error as a page, or as JSON under `/api/`: the dashboard's own with their message, a 500 with its name
 * and a hint only (`failureMessage`: an AWS message names accounts and roles), the whole of it on stderr.
 */
function respondWithError(c: Context, error: unknown, page: PageContext) {
  const status = statusOf(error);
  const message =
    status === 500 ? failureMessage(error) : error instanceof Error ? error.message : String(error);
  const hint = status === 500 ? explain(error) : undefined;
  if (status === 500) console.error('[sosw dashboard]', error);
  if (c.req.path.startsWith('/api/'))
    return c.json({ error: message, ...(hint === undefined ? {} : { hint }) }, status);
  return c.html(<ErrorPage page={page} status={status} message={message} hint={hint} />, status);
}
