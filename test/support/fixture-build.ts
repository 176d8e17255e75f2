/**
 * Builds the fixture provider once, the way the real provider is built: tsc, then one
 * bundled file with its code cache (scripts/bundle-provider.ts), because terraform
 * starts a provider several times per command and ts-node would add its start-up cost
 * to each (and distort the handshake benchmark). The output is content-addressed:
 * dist/fixture-provider/<hash of the sources>/, so concurrent jest workers and repeated
 * runs reuse a build, and an edit anywhere in the sources makes a new one.
 *
 * It lives inside the repository (dist/ is ignored by git) because the bundle finds the
 * packages it leaves outside (scripts/bundle-provider.ts) in node_modules above it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { buildBundledExecutable } from '../../scripts/bundle-provider';

export const REPO_ROOT = join(__dirname, '..', '..');
const TSCONFIG = join(REPO_ROOT, 'test', 'fixture-provider', 'tsconfig.json');
const SOURCE_DIRS = ['provider/framework', 'provider/protocol', 'test/fixture-provider'];
const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'bundle-provider.ts');

export interface FixtureBuild {
  readonly dir: string;
  /** What terraform runs: the launcher of the bundled provider. */
  readonly main: string;
}

export async function buildFixtureProvider(): Promise<FixtureBuild> {
  const dir = join(REPO_ROOT, 'dist', 'fixture-provider', sourceHash());
  const main = join(dir, 'main.js');
  if (existsSync(main)) return { dir, main };
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', TSCONFIG, '--outDir', tmp],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    await buildBundledExecutable({ entry: join(tmp, 'test', 'fixture-provider', 'main.js'), dir: tmp });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const e = err as { stdout?: string; stderr?: string; message?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}` || (e.message ?? String(err));
    throw new Error(`Building the fixture provider failed:\n${output}`);
  }
  try {
    renameSync(tmp, dir);
  } catch {
    // Another worker finished the same build first; theirs is identical.
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!existsSync(main)) throw new Error(`The fixture build has no ${relative(REPO_ROOT, main)}`);
  return { dir, main };
}

function sourceHash(): string {
  const h = createHash('sha256');
  const files = [
    TSCONFIG,
    BUILD_SCRIPT,
    join(REPO_ROOT, 'tsconfig.json'),
    ...SOURCE_DIRS.flatMap((d) => walk(join(REPO_ROOT, d))),
  ];
  for (const f of files.sort()) {
    h.update(relative(REPO_ROOT, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|proto|json)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}
