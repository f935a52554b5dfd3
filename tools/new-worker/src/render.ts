import { TemplateError } from './errors.js';
import { DEFAULT_WORKER_KIND, type WorkerKind } from './kinds.js';
import { camelCaseOf, labourerIdOf } from './name.js';

/** The values a template's `{{placeholder}}`s are filled with. */
export interface TemplateVars {
  /** The worker name, kebab-case: `stats-puller`. */
  name: string;
  /** The labourer id, snake_case: `stats_puller`. */
  labourer_id: string;
  /** For identifiers, camelCase: `statsPuller`. */
  camel_name: string;
  /** What feeds the worker, in words: `queue`, `schedule`, ..., `orchestrated`. */
  trigger: string;
}

/** The suffix of a template file; the rendered file is named without it. */
export const TEMPLATE_SUFFIX = '.tmpl';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/**
 * The placeholder values of a worker name and kind.
 *
 * @example
 * templateVars('stats-puller'); // { name: 'stats-puller', labourer_id: 'stats_puller', camel_name: 'statsPuller', trigger: 'orchestrated' }
 */
export function templateVars(name: string, kind: WorkerKind = DEFAULT_WORKER_KIND): TemplateVars {
  return { name, labourer_id: labourerIdOf(name), camel_name: camelCaseOf(name), trigger: kind };
}

/**
 * Fills a template's `{{placeholder}}`s. An unknown placeholder is an error, not an empty string, so a
 * broken template never yields a worker that looks right and is not.
 *
 * @throws {TemplateError} naming the placeholder and the template (`source`)
 *
 * @example
 * renderTemplate('export const id = "{{labourer_id}}";', templateVars('stats-puller'));
 * // 'export const id = "stats_puller";'
 */
export function renderTemplate(text: string, vars: TemplateVars, source = 'template'): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => {
    if (!Object.hasOwn(vars, key)) {
      throw new TemplateError(
        `${source}: unknown placeholder {{${key}}}; known: ${Object.keys(vars).join(', ')}`,
      );
    }
    return vars[key as keyof TemplateVars];
  });
}

/**
 * The path a template file renders to: its relative path without the `.tmpl` suffix.
 *
 * @example
 * renderedPath('src/handler.ts.tmpl'); // 'src/handler.ts'
 */
export function renderedPath(templatePath: string): string {
  return templatePath.endsWith(TEMPLATE_SUFFIX)
    ? templatePath.slice(0, -TEMPLATE_SUFFIX.length)
    : templatePath;
}
