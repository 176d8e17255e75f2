/**
 * The fixture provider (`fixtures/note`, test/fixture-provider/) as the benches run it:
 * compiled with the test harness's tsconfig into dist/fixture-provider/NAME and bundled as
 * the build bundles the real provider (scripts/bundle-provider.ts), so what is measured is
 * what terraform runs.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeLocalMirror } from '../packaging';
import { buildBundledExecutable } from '../scripts/bundle-provider';

const REPO = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Compiles and bundles the fixture provider; returns the script a launcher runs with node. */
export async function buildFixtureProvider(name: string): Promise<string> {
  const out = join(REPO, 'dist', 'fixture-provider', name);
  rmSync(out, { recursive: true, force: true });
  await run(process.execPath, [
    join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(REPO, 'test', 'fixture-provider', 'tsconfig.json'),
    '--outDir',
    out,
  ]);
  return buildBundledExecutable({ entry: join(out, 'test', 'fixture-provider', 'main.js'), dir: out });
}

/** A configuration of `n` notes kept in `notesDir`. */
export function notesConfig(n: number, notesDir: string): string {
  return (
    `terraform {\n  required_providers {\n    note = { source = "fixtures/note" }\n  }\n}\n` +
    `provider "note" {\n  dir = ${JSON.stringify(notesDir)}\n}\n` +
    `resource "note_note" "n" {\n  count = ${n}\n  title = "note \${count.index}"\n  tags = { index = tostring(count.index) }\n}\n`
  );
}

/** Runs terraform in the workspace, with no prompt and no colour; `env` adds to its environment. */
export type Terraform = (args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<{ stdout: string }>;

/**
 * A terraform working directory under `root` with `config` as main.tf, the fixture provider
 * `script` installed from a local mirror; `init` is left to the caller.
 */
export function fixtureWorkspace(root: string, script: string, config: string): Terraform {
  const mirror = writeLocalMirror({
    dir: join(root, 'mirror'),
    source: 'fixtures/note',
    version: '0.1.0',
    launcher: { node: process.execPath, script },
  });
  const work = join(root, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'main.tf'), config);
  const base = {
    ...process.env,
    TF_CLI_CONFIG_FILE: mirror.cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_LOG: '',
  };
  return (args, env = {}) =>
    run('terraform', [...args, '-input=false', '-no-color'], {
      cwd: work,
      env: { ...base, ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
}
