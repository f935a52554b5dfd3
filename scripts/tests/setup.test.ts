import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pinned = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string }
).packageManager.replace(/^pnpm@/, '');

/**
 * A newer pnpm first on PATH, as pnpm 12.26.0 behaved in this repository (a version manager's bin folder, a
 * standalone pnpm, today's latest): `--version` prints its own version; any other command, in a project
 * that pins another pnpm, first switches to that version by downloading `@pnpm/exe@<pin>`, which the
 * registry did not have (ERR_PNPM_BAD_CONFIG_DEP), unless `pmOnFail` in pnpm-workspace.yaml says otherwise.
 */
const FOREIGN_PNPM = `#!/usr/bin/env bash
printf '%s\\n' "foreign pnpm $*" >> "$SANDBOX/calls.log"
if [ "\${1:-}" = --version ]; then echo 12.26.0; exit 0; fi
pin=$(node -p 'try { require(process.cwd() + "/package.json").packageManager ?? "" } catch { "" }')
mode=$(sed -n 's/^pmOnFail: *\\([a-z]*\\).*$/\\1/p' pnpm-workspace.yaml 2>/dev/null || true)
if [ -n "$pin" ] && [ "$pin" != pnpm@12.26.0 ]; then
  case "\${mode:-download}" in
    download) echo "ERR_PNPM_BAD_CONFIG_DEP: No matching version found for @pnpm/exe@\${pin#pnpm@}" >&2; exit 1 ;;
    error) echo "ERR_PNPM_BAD_PM_VERSION: This project is configured to use \${pin#pnpm@} of pnpm" >&2; exit 1 ;;
    warn) echo "[WARN] This project is configured to use \${pin#pnpm@} of pnpm. Your current pnpm is v12.26.0" >&2 ;;
  esac
fi
exit 0
`;

/** The pinned pnpm: says its version, records everything else it is asked to do. */
const pinnedPnpm = (version: string) => `#!/usr/bin/env bash
printf '%s\\n' "pinned pnpm $*" >> "$SANDBOX/calls.log"
if [ "\${1:-}" = --version ]; then echo ${version}; fi
exit 0
`;

/** npm: \`install --global --prefix <dir> pnpm@<version>\` puts a pinned pnpm into <dir>/bin, only inside the sandbox. */
const FAKE_NPM = `#!/usr/bin/env bash
printf '%s\\n' "npm $*" >> "$SANDBOX/calls.log"
prefix=""; version=""
while [ $# -gt 0 ]; do
  case "$1" in --prefix) prefix="$2"; shift ;; pnpm@*) version="\${1#pnpm@}" ;; esac
  shift
done
case "$prefix" in
  "$SANDBOX"/*) mkdir -p "$prefix/bin"; sed "s/@VERSION@/$version/" "$SANDBOX/pinned-pnpm" > "$prefix/bin/pnpm"
    chmod +x "$prefix/bin/pnpm" ;;
esac
`;

const FAKES: Record<string, string> = {
  npm: FAKE_NPM,
  java: `#!/usr/bin/env bash\necho 'openjdk version "17.0.15"' >&2\n`,
  'apt-get': `#!/usr/bin/env bash\nprintf '%s\\n' "apt-get $*" >> "$SANDBOX/calls.log"\n`,
  sudo: `#!/usr/bin/env bash\nexec "$@"\n`,
};

function writeExecutable(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

let sandbox: string;
let repo: string;
beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'sosw-setup-'));
  repo = join(sandbox, 'repo');
  mkdirSync(join(repo, 'scripts'), { recursive: true });
  for (const file of ['scripts/setup.sh', 'package.json', 'pnpm-workspace.yaml']) {
    copyFileSync(join(root, file), join(repo, file));
  }
  writeExecutable(join(sandbox, 'foreign', 'pnpm'), FOREIGN_PNPM);
  for (const [name, text] of Object.entries(FAKES)) writeExecutable(join(sandbox, 'fakes', name), text);
  writeFileSync(join(sandbox, 'pinned-pnpm'), pinnedPnpm('@VERSION@'));
  writeFileSync(join(sandbox, 'calls.log'), '');
});
afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

/** Runs a command in the sandbox's copy of the repository, as a new shell there would. */
function run(command: string, { foreign = true }: { foreign?: boolean } = {}) {
  const path = [
    ...(foreign ? [join(sandbox, 'foreign')] : []),
    join(sandbox, 'fakes'),
    '/usr/local/bin', // setup puts it first when it is missing: the foreign pnpm must stay ahead of it
    dirname(process.execPath),
    '/usr/bin',
    '/bin',
  ].join(':');
  const result = spawnSync('bash', ['-c', command], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: path,
      HOME: sandbox,
      SANDBOX: sandbox,
      SOSW_PNPM_PREFIX: join(sandbox, 'prefix'),
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const calls = () => readFileSync(join(sandbox, 'calls.log'), 'utf8').trim().split('\n').filter(Boolean);

describe('the README commands with a newer pnpm first on PATH', () => {
  it('setup installs the workspace with the pinned pnpm, and pnpm test runs', () => {
    const setup = run('bash scripts/setup.sh');
    expect(setup.output).not.toContain('ERR_PNPM');
    expect(setup.status).toBe(0);
    expect(calls()).toContain('pinned pnpm install --frozen-lockfile');
    expect(calls().filter((call) => call.startsWith('foreign pnpm install'))).toEqual([]);
    expect(setup.output).toMatch(/pnpm 12\.26\.0\) comes first on PATH/);

    const test = run('pnpm test');
    expect(test.output).not.toContain('ERR_PNPM');
    expect(test.status).toBe(0);
  });

  it('a second setup installs no pnpm again', () => {
    expect(run('bash scripts/setup.sh').status).toBe(0);
    expect(run('bash scripts/setup.sh').status).toBe(0);
    expect(calls().filter((call) => call.startsWith('npm '))).toHaveLength(1);
  });
});

describe('setup with the pinned pnpm first on PATH', () => {
  it('uses it and installs no other pnpm', () => {
    writeExecutable(join(sandbox, 'fakes', 'pnpm'), pinnedPnpm(pinned));
    const setup = run('bash scripts/setup.sh', { foreign: false });
    expect(setup.status).toBe(0);
    expect(calls().filter((call) => call.startsWith('npm '))).toEqual([]);
    expect(calls()).toContain('pinned pnpm install --frozen-lockfile');
    expect(setup.output).not.toContain('comes first on PATH');
  });
});
