import { describe, expect, it } from 'vitest';
import { renderedPath, renderTemplate, TemplateError, templateVars } from '../src/index.js';

describe('renderTemplate', () => {
  it('fills every placeholder, with or without spaces inside the braces', () => {
    const text = '{{name}} {{ labourer_id }} {{camel_name}}Worker {{name}}';

    expect(renderTemplate(text, templateVars('demo-thing'))).toBe(
      'demo-thing demo_thing demoThingWorker demo-thing',
    );
  });

  it('leaves text without placeholders alone, single braces included', () => {
    expect(renderTemplate('const a = { b: 1 };', templateVars('abc'))).toBe('const a = { b: 1 };');
  });

  it('refuses an unknown placeholder, naming it and the template', () => {
    expect(() => renderTemplate('x {{nmae}}', templateVars('abc'), 'src/a.ts.tmpl')).toThrow(
      new TemplateError(
        'src/a.ts.tmpl: unknown placeholder {{nmae}}; known: name, labourer_id, camel_name, trigger',
      ),
    );
    expect(() => renderTemplate('{{toString}}', templateVars('abc'))).toThrow(TemplateError);
  });
});

describe('templateVars', () => {
  it('names the worker every way a template needs, and what feeds it (orchestrated by default)', () => {
    expect(templateVars('stats-puller-2')).toEqual({
      name: 'stats-puller-2',
      labourer_id: 'stats_puller_2',
      camel_name: 'statsPuller2',
      trigger: 'orchestrated',
    });
    expect(templateVars('order-indexer', 'queue').trigger).toBe('queue');
  });
});

describe('renderedPath', () => {
  it('drops the .tmpl suffix, keeps other paths', () => {
    expect(renderedPath('src/handler.ts.tmpl')).toBe('src/handler.ts');
    expect(renderedPath('README.md')).toBe('README.md');
  });
});
