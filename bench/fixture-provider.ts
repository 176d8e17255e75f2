/**
 * The fixture provider (`fixtures/note`, test/fixture-provider/) as the benches run it:
 * compiled with the test harness's tsconfig into dist/fixture-provider/NAME and bundled as
 * the build bundles the real provider (scripts/bundle-provider.ts), so what is measured is
 * what terraform runs.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
