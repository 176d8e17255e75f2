/**
 * `npm run test:node-matrix`: the suites that depend on the Node.js runtime, run again under
 * each Node major users run besides the machine's own (`npm test` covers that one, Node 20),
 * with the binaries pinned in tools/node-runtimes. jest runs on that binary and that binary
 * comes first on PATH, so the provider (through the launchers the tests write, or its
 * `#!/usr/bin/env node` bin), the CLI and the CDKTF and cdktn apps all run on it; the checks
 * in node-matrix-check.ts fail the run if they would not.
 *
 * Prints a table (version, suites, tests passed and failed, time) and exits non-zero on any
 * failure, or when a version ran no test. Extra arguments go to jest, under every version
 * (e.g. `npm run test:node-matrix -- test/e2e/cdktn`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { EXPECTED_VERSION_ENV } from './node-matrix-check';
import { NODE_MAJORS, nodeBinary, pinnedVersion, type NodeMajor } from './node-runtimes';

/**
 * jest path patterns: the gRPC plugin protocol and its TLS, the V8 code cache the bin loads,
 * the sealing libraries (Web Crypto, ES modules required from CommonJS), the HTTP client
 * (undici), the sandbox's password hashing, the mirrors and launchers, the constructs and
 * their bindings, and the end-to-end suites of the provider, the CLI, the npm package,
 * CDKTF and cdktn.
 */
export const MATRIX_SUITES = [
  'provider/protocol/',
  'provider/sealing/',
  'provider/infomaniak/',
  'provider/sandbox/password',
  'provider/cli/decrypt',
  'provider/resources/user-access-secrets',
  'packaging/',
  'src/',
  'test/cdktf/',
  'test/e2e/protocol-',
  'test/e2e/provider-startup',
  'test/e2e/mail-device',
  'test/e2e/mail-access-',
  'test/e2e/mail-encrypted',
  'test/e2e/mail-setup-terraform',
  'test/e2e/npm-package',
  'test/e2e/cdktf/',
  'test/e2e/cdktn',
];

/** The repository: dist/scripts/ when compiled, scripts/ under ts-node. */
const REPO_ROOT = [join(__dirname, '..', '..'), join(__dirname, '..')].find((d) =>
  existsSync(join(d, 'jest.config.js')),
) as string;

export interface VersionResult {
  readonly major: NodeMajor;
  readonly version: string;
  readonly suites: { readonly passed: number; readonly total: number };
  readonly tests: { readonly passed: number; readonly failed: number; readonly total: number };
  readonly seconds: number;
  /** jest's exit code; non-zero also when a suite failed to run or the version check threw. */
  readonly exitCode: number;
}

interface JestJson {
  numPassedTestSuites: number;
  numTotalTestSuites: number;
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
}

/** A module of the version check as jest loads it: compiled, beside this file in dist/scripts/. */
function compiledModule(name: string): string {
  const compiled = join(__dirname, `${name}.js`);
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run "npm run build"`);
  return compiled;
}

export async function runVersion(major: NodeMajor, jestArgs: readonly string[]): Promise<VersionResult> {
  const node = await nodeBinary(major);
  const version = pinnedVersion(major);
  const dir = mkdtempSync(join(tmpdir(), `node-matrix-${major}-`));
  const results = join(dir, 'results.json');
  const [check, setup] = ['node-matrix-check', 'node-matrix-setup'].map(compiledModule);
  const args = [
    join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--globalSetup',
    check,
    '--setupFiles',
    setup,
    '--json',
    '--outputFile',
    results,
    ...(jestArgs.length > 0 ? jestArgs : MATRIX_SUITES),
  ];
  const env = {
    ...process.env,
    PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter),
    [EXPECTED_VERSION_ENV]: `v${version}`,
  };
  console.log(`\nnode-matrix: Node.js ${version} (${node})`);
  const started = Date.now();
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(node, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  try {
    const json = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as JestJson) : undefined;
    return {
      major,
      version,
      suites: { passed: json?.numPassedTestSuites ?? 0, total: json?.numTotalTestSuites ?? 0 },
      tests: {
        passed: json?.numPassedTests ?? 0,
        failed: json?.numFailedTests ?? 0,
        total: json?.numTotalTests ?? 0,
      },
      seconds,
      exitCode,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function failed(r: VersionResult): boolean {
  return r.exitCode !== 0 || r.tests.failed > 0 || r.tests.passed === 0;
}

export function formatTable(results: readonly VersionResult[]): string {
  const rows = [
    ['Node.js', 'suites passed', 'tests passed', 'tests failed', 'time', 'result'],
    ...results.map((r) => [
      r.version,
      `${r.suites.passed}/${r.suites.total}`,
      String(r.tests.passed),
      String(r.tests.failed),
      `${r.seconds} s`,
      failed(r) ? (r.tests.passed === 0 ? 'FAILED (no test passed)' : 'FAILED') : 'ok',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main(): Promise<number> {
  const jestArgs = process.argv.slice(2);
  const results: VersionResult[] = [];
  // One version after another: each run already uses both cores (jest's maxWorkers: 2).
  for (const major of NODE_MAJORS) results.push(await runVersion(major, jestArgs));
  console.log(
    `\nnode-matrix (Node.js ${process.versions.node}, the machine's own, runs everything in npm test)`,
  );
  console.log(formatTable(results));
  const bad = results.filter(failed);
  if (bad.length > 0) console.error(`node-matrix: failed on Node.js ${bad.map((r) => r.version).join(', ')}`);
  return bad.length > 0 ? 1 : 0;
}

if (require.main === module)
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`node-matrix: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
