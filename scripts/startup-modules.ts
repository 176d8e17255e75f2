/**
 * Starts a provider executable as terraform does (magic cookie, client certificate),
 * waits for its handshake line, stops it, and tells which modules it evaluated by then.
 * For the start-up test (test/e2e/provider-startup.test.ts) and bench/profile-startup.ts.
 *
 * Modules are counted with V8's precise coverage (NODE_V8_COVERAGE), which sees both
 * files Node.js loaded and the modules inside a bundle: esbuild wraps each bundled
 * module in a function named after its path ("node_modules/undici/index.js"), and
 * coverage says whether that function ever ran. Counts, not times: reliable on a busy
 * machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/protocol/handshake';
import { createServerCertificate } from '../provider/protocol/tls';
import { untilFirstLine } from './first-line';

export interface StartResult {
  readonly handshake: string;
  readonly exitCode: number | null;
  readonly stderr: string;
}

/** Runs `node [...nodeArgs] script` with terraform's environment up to its handshake, then SIGTERM. */
export async function startUntilHandshake(
  script: string,
  opts: { readonly nodeArgs?: readonly string[]; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<StartResult> {
  const client = await createServerCertificate();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script], {
    env: {
      ...process.env,
      TF_LOG: '',
      ...opts.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: client.certPem,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, exitCode } = await untilFirstLine(child);
  const handshake = stdout.split('\n')[0];
  if (!/^1\|6\|/.test(handshake))
    throw new Error(`${script} printed no handshake (exit ${exitCode}):\n${stdout}${stderr}`);
  return { handshake, exitCode, stderr };
}

interface CoverageFile {
  readonly result: ReadonlyArray<{
    readonly url: string;
    readonly functions: ReadonlyArray<{
      readonly functionName: string;
      readonly ranges: ReadonlyArray<{ readonly count: number }>;
    }>;
  }>;
}

/** How esbuild names a bundled module's wrapper function: the module's path, relative to the build's directory. */
const BUNDLED_MODULE = /^(?:node_modules|dist|provider|test|scripts)\/.+\.(?:[cm]?js|json|ts)$/;

export interface StartupModules {
  /** Files Node.js loaded, relative to the root given (absolute when outside it). */
  readonly files: readonly string[];
  /** Modules evaluated inside a bundle, by their path in it ("node_modules/undici/index.js"). */
  readonly bundled: readonly string[];
}

/** The modules evaluated from start to handshake. */
export async function modulesLoadedUntilHandshake(script: string, root: string): Promise<StartupModules> {
  const dir = mkdtempSync(join(tmpdir(), 'startup-coverage-'));
  try {
    await startUntilHandshake(script, { env: { NODE_V8_COVERAGE: dir } });
    const files = new Set<string>();
    const bundled = new Set<string>();
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const coverage = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CoverageFile;
      for (const entry of coverage.result) {
        // Node.js names the files it loads by URL; a vm.Script (the bundle) keeps its plain path.
        const file = entry.url.startsWith('file:') ? fileURLToPath(entry.url) : entry.url;
        if (!isAbsolute(file)) continue;
        const rel = relative(root, file);
        files.add(rel.startsWith('..') ? file : rel);
        for (const fn of entry.functions) {
          if (BUNDLED_MODULE.test(fn.functionName) && (fn.ranges[0]?.count ?? 0) > 0)
            bundled.add(fn.functionName);
        }
      }
    }
    return { files: [...files].sort(), bundled: [...bundled].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The npm package a module path belongs to ("@grpc/grpc-js", "zod"), if any. */
export function packageOf(module: string): string | undefined {
  const m = /(?:^|[\\/])node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(module);
  return m ? m[1].replace(/\\/g, '/') : undefined;
}
