import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerExistsError } from './errors.js';
import { registerWithInfra } from './infra.js';
import { DEFAULT_WORKER_KIND, TEMPLATES_DIR, templateSetsOf, type WorkerKind } from './kinds.js';
import { checkWorkerName, packageNameOf } from './name.js';
import { renderedPath, renderTemplate, templateVars } from './render.js';
import { workspacePackages } from './workspace.js';

/** The template of an orchestrated worker (a labourer) shipped with the generator. */
export const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../templates/worker/', import.meta.url));

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions {
  /** The workspace root: the worker goes to `<root>/workers/<name>`. */
  root: string;
  /** The worker name (kebab-case, see `checkWorkerName`). */
  name: string;
  /** What feeds the worker; default `orchestrated` (a labourer). */
  kind?: WorkerKind;
  /** One folder of `*.tmpl` files to use instead of the generator's own templates for `kind`. */
  templateDir?: string;
}

/** What {@link createWorker} made. */
export interface CreatedWorker {
  name: string;
  packageName: string;
  kind: WorkerKind;
  /** The labourer id of an orchestrated worker; `undefined` for a worker only its trigger invokes. */
  labourerId: string | undefined;
  /** The new folder, absolute. */
  dir: string;
  /** The files written, relative to `dir`, sorted. */
  files: string[];
  /** Whether `infra/package.json` now lists the worker (its stack comes from its `labourer.json`). */
  deployable: boolean;
}

/**
 * Creates `workers/<name>` from the templates of its kind (see `templateSetsOf`): checks the name, refuses a taken one (the folder exists, or a
 * workspace package has the name `@sosw/<name>`), renders every template in memory, writes them to a
 * hidden staging folder and renames it into place. Whatever fails, nothing is left behind. Then lists the
 * worker in `infra/package.json`, which gives it its stack (see `registerWithInfra`): from its `labourer.json`
 * (orchestrated) or its `src/app.ts` (a trigger kind).
 *
 * @throws {InvalidWorkerNameError} the name breaks the rule
 * @throws {WorkerExistsError} the name is taken
 * @throws {TemplateError} a template has an unknown placeholder
 *
 * @example
 * const worker = await createWorker({ root: '/work/main', name: 'stats-puller' });
 * worker.files; // ['README.md', 'labourer.json', 'package.json', 'src/handler.ts', ...]
 * const indexer = await createWorker({ root: '/work/main', name: 'order-indexer', kind: 'queue' });
 * indexer.files; // ['README.md', 'package.json', 'src/app.ts', 'src/handler.ts', ...]: no labourer.json
 */
export async function createWorker(options: CreateWorkerOptions): Promise<CreatedWorker> {
  const name = checkWorkerName(options.name);
  const packageName = packageNameOf(name);
  const workersDir = join(options.root, 'workers');
  const dir = join(workersDir, name);
  if (existsSync(dir)) {
    throw new WorkerExistsError(
      `workers/${name} exists already: choose another name, or remove that folder first`,
    );
  }
  const owner = (await workspacePackages(options.root)).get(packageName);
  if (owner !== undefined) {
    throw new WorkerExistsError(
      `the package name ${packageName} is taken by ${owner}: choose another worker name`,
    );
  }

  const kind = options.kind ?? DEFAULT_WORKER_KIND;
  const vars = templateVars(name, kind);
  const templateDirs =
    options.templateDir === undefined
      ? templateSetsOf(kind).map((set) => join(TEMPLATES_DIR, set))
      : [options.templateDir];
  // Later sets replace the same files of earlier ones.
  const rendered = new Map<string, string>();
  for (const templateDir of templateDirs) {
    for (const template of await templateFiles(templateDir)) {
      const text = await readFile(join(templateDir, template), 'utf8');
      rendered.set(renderedPath(template), renderTemplate(text, vars, template));
    }
  }

  await mkdir(workersDir, { recursive: true });
  // A hidden sibling, renamed into place at the end: a worker folder is either complete or absent.
  const staging = await mkdtemp(join(workersDir, `.${name}-`));
  try {
    for (const [path, text] of rendered) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), text);
    }
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const deployable = await registerWithInfra(options.root, packageName);
  return {
    name,
    packageName,
    kind,
    labourerId: kind === 'orchestrated' ? vars.labourer_id : undefined,
    dir,
    files: [...rendered.keys()].sort(),
    deployable,
  };
}

/** The template files under `dir`, relative, with `/` separators. */
async function templateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}
