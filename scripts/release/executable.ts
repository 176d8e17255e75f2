/**
 * The release's provider executable: a Node.js single executable application (SEA), the
 * pinned release Node binary (scripts/node-runtimes.ts) with the whole provider inside, so it
 * runs where no Node.js is installed. A SEA's `require` loads builtins only, so its bundle
 * holds every package, the lazy ones too (scripts/bundle-provider.ts with `external: []`):
 * required inside functions, they still evaluate only on first use.
 *
 * The entry does what bin/terraform-provider-infomaniakmail.js does, minus the bundle loader
 * (the SEA carries its own V8 code cache): guard early interrupts, then start `main`. One
 * bundle means one interrupt guard, the one serve() reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/protocol/handshake';
import { createServerCertificate } from '../../provider/protocol/tls';
import { bundleExecutable } from '../bundle-provider';
import { untilFirstLine } from '../first-line';
import { nodeBinary, RELEASE_NODE_MAJOR } from '../node-runtimes';

export interface ExecutableOptions {
  /** The repository: package.json, node_modules and dist/ as `npm run build` left it. */
  readonly repoRoot: string;
  readonly outFile: string;
  /** Scratch space for the entry, the bundle and the SEA configuration. */
  readonly workDir: string;
  /** The Node.js binary to embed; default the pinned Node RELEASE_NODE_MAJOR. */
  readonly node?: string;
}

export interface BuiltExecutable {
  readonly path: string;
  readonly bytes: number;
  /** The bundle's metafile: what the executable carries, for its licence notices. */
  readonly metafile: Metafile;
  readonly bundleBytes: number;
  /** The embedded Node.js: its binary and version (e.g. `v26.12.1`). */
  readonly node: { readonly binary: string; readonly version: string };
}

export async function buildExecutable(opts: ExecutableOptions): Promise<BuiltExecutable> {
  const dist = join(opts.repoRoot, 'dist');
  const main = join(dist, 'provider', 'main.js');
  const guard = join(dist, 'provider', 'protocol', 'interrupt-guard.js');
  for (const f of [main, guard])
    if (!existsSync(f)) throw new Error(`${f} is missing: run "npm run build" before building a release`);
  const entry = join(opts.workDir, 'entry.js');
  writeFileSync(
    entry,
    "// Written by scripts/release/executable.ts: the single executable's main.\n" +
      `require(${JSON.stringify(guard)}).guardEarlyInterrupts();\n` +
      `require(${JSON.stringify(main)}).main();\n`,
  );
  const bundle = join(opts.workDir, 'provider-sea.js');
  const metafile = await bundleExecutable({
    entry,
    outfile: bundle,
    external: [],
    absWorkingDir: opts.repoRoot,
  });

  const node = opts.node ?? (await nodeBinary(RELEASE_NODE_MAJOR));
  const version = (await output(node, ['--version'])).trim();
  const config = join(opts.workDir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      mainFormat: 'commonjs',
      executable: node,
      output: opts.outFile,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      useSnapshot: false,
      // NODE_OPTIONS in the user's environment (a --require, an inspector) must not change the provider.
      execArgvExtension: 'none',
    }),
  );
  await output(node, ['--build-sea', config], opts.workDir);
  if (!existsSync(opts.outFile)) throw new Error(`node --build-sea wrote no ${opts.outFile}`);
  await expectHandshake(opts.outFile);
  return {
    path: opts.outFile,
    bytes: statSync(opts.outFile).size,
    metafile,
    bundleBytes: statSync(bundle).size,
    node: { binary: node, version },
  };
}

/**
 * Starts the executable as terraform would, with no Node.js reachable through PATH, and
 * checks it prints a protocol 6 handshake: a release never ships a program that cannot start.
 */
export async function expectHandshake(executable: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const client = await createServerCertificate();
  const child = spawn(executable, [], {
    env: {
      PATH: '/nonexistent',
      ...env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '6',
      PLUGIN_CLIENT_CERT: client.certPem,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, exitCode } = await untilFirstLine(child);
  if (!/^1\|6\|(unix|tcp)\|[^|]+\|grpc\|/.test(stdout))
    throw new Error(`${executable} printed no handshake (exit ${exitCode}):\n${stdout}${stderr}`);
  return stdout.split('\n')[0];
}

function output(command: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`)),
    );
  });
}
