import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot, NewWorkerError, workspaceGlobs, workspacePackages } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('the workspace', () => {
  it('finds the root above a folder, and fails clearly outside any workspace', () => {
    const root = findWorkspaceRoot(here);
    expect(root).toBe(join(here, '..', '..', '..'));
    expect(() => findWorkspaceRoot('/')).toThrow(NewWorkerError);
  });

  it('reads the packages globs of a pnpm-workspace.yaml, quoted or not, and nothing after the list', () => {
    const yaml =
      'packages:\n  - packages/*\n  - \'workers/*\' # users\n\n  - "infra"\ncatalog:\n  - not-a-package\n';
    expect(workspaceGlobs(yaml)).toEqual(['packages/*', 'workers/*', 'infra']);
  });

  it("lists this repository's packages by name, the generator and the example workers included", async () => {
    const packages = await workspacePackages(findWorkspaceRoot(here));
    expect(packages.get('@sosw/worker')).toBe(join('packages', 'worker'));
    expect(packages.get('@sosw/new-worker')).toBe(join('tools', 'new-worker'));
    expect(packages.get('@sosw/example-echo')).toBe(join('workers', 'example-echo'));
  });
});
