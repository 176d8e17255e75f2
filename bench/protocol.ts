/**
 * Protocol benchmark (`npm run bench:protocol`): how long the provider executable takes
 * to start and print its handshake, and how a no-change `terraform plan` of N fixture
 * resources compares with N built-in `terraform_data` resources (N = 100, 1000).
 *
 * The fixture provider lives under test/, which the build does not compile; the bench
 * compiles it itself (same tsconfig as the test harness) into dist/fixture-provider/bench
 * and bundles it as the build bundles the real provider (scripts/bundle-provider.ts), so
 * it measures what terraform runs. `handshakeProvider` is the same measure for the real
 * provider's bin, as `npm run build` made it, and `handshakeExecutable` for the release's
 * single-file executable (scripts/release/executable.ts), which the bench builds from that
 * same dist/ into a temporary directory each run, so it never times a stale release/.
 *
 * `nodeStart` is the floor under every handshake: Node.js itself starting and exiting with
 * nothing to run, timed the same way. The plans of one N alternate between the fixture and
 * terraform_data, so that both see the same machine load and the ratio compares like with like.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/protocol';
import { createServerCertificate } from '../provider/protocol/tls';
import { buildExecutable } from '../scripts/release/executable';
import { buildFixtureProvider, fixtureWorkspace, notesConfig } from './fixture-provider';

const REPO = join(__dirname, '..', '..');
const HANDSHAKE_RUNS = 9;
const PLAN_RUNS = 5;
const SIZES = (process.env.BENCH_SIZES ?? '100,1000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number);
const OUTPUT = process.env.BENCH_OUTPUT ?? join(REPO, 'bench-results-protocol.json');
const run = promisify(execFile);

async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write('compiling the fixture provider...\n');
  const script = await buildFixtureProvider('bench');
  const providerBin = join(REPO, 'bin', 'terraform-provider-infomaniakmail.js');
  const terraformVersion = JSON.parse(
    (await run('terraform', ['version', '-json'])).stdout,
  ).terraform_version;

  process.stdout.write('building the release executable...\n');
  const exeDir = mkdtempSync(join(tmpdir(), 'bench-executable-'));
  const executable = await buildExecutable({
    repoRoot: REPO,
    outFile: join(exeDir, 'terraform-provider-infomaniakmail'),
    workDir: exeDir,
  }).catch((err: unknown) => {
    rmSync(exeDir, { recursive: true, force: true });
    throw err;
  });

  const nodeStart = await nodeStarts();
  const handshake = await handshakes('fixture provider', [process.execPath, script]);
  const handshakeProvider = await handshakes('infomaniakmail provider', [process.execPath, providerBin]);
  let handshakeExecutable;
  try {
    handshakeExecutable = {
      ...(await handshakes('infomaniakmail single executable', [executable.path])),
      bytes: executable.bytes,
      node: executable.node.version,
    };
  } finally {
    rmSync(exeDir, { recursive: true, force: true });
  }

  const plans = [];
  for (const n of SIZES) {
    process.stdout.write(`setting up ${n} fixture notes and ${n} terraform_data...\n`);
    const { fixtureRunsMs, builtinRunsMs } = await timeNoChangePlans(script, n);
    const fixtureMs = median(fixtureRunsMs);
    const builtinMs = median(builtinRunsMs);
    plans.push({ n, fixtureMs, builtinMs, ratio: fixtureMs / builtinMs, fixtureRunsMs, builtinRunsMs });
  }

  const rows = [
    ['measure', 'fixture provider', 'terraform_data', 'ratio'],
    ['Node.js start and exit, nothing run', `${nodeStart.medianMs.toFixed(0)} ms`, '', ''],
    ['start-to-handshake (median)', `${handshake.medianMs.toFixed(0)} ms`, '', ''],
    ['  the infomaniakmail bin', `${handshakeProvider.medianMs.toFixed(0)} ms`, '', ''],
    [
      `  the single executable (${(executable.bytes / 1e6).toFixed(0)} MB)`,
      `${handshakeExecutable.medianMs.toFixed(0)} ms`,
      '',
      '',
    ],
    ...plans.map((p) => [
      `no-change plan, N=${p.n}`,
      `${(p.fixtureMs / 1000).toFixed(2)} s`,
      `${(p.builtinMs / 1000).toFixed(2)} s`,
      `${p.ratio.toFixed(2)}x`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(
    `\n${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n')}\n`,
  );

  const extraCaCerts = extraCaCertsNote();
  if (extraCaCerts) process.stdout.write(`\n${extraCaCerts}\n`);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    terraform: terraformVersion,
    platform: `${process.platform}_${process.arch}`,
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS !== undefined,
    nodeStart,
    handshake,
    handshakeProvider,
    handshakeExecutable,
    plans,
    totalSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwrote ${OUTPUT}\n`);
}

/** `command`: the program and its arguments (Node.js and a script, or an executable). */
async function handshakes(what: string, command: readonly string[]): Promise<Timings> {
  return timed(`start-to-handshake, ${what}`, () => timeHandshake(command));
}

interface Timings {
  readonly runs: number[];
  readonly minMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

/** HANDSHAKE_RUNS runs of `once` (each resolving to milliseconds), printed as min, median and max. */
async function timed(what: string, once: () => Promise<number>): Promise<Timings> {
  const runs: number[] = [];
  for (let i = 0; i < HANDSHAKE_RUNS; i++) runs.push(await once());
  const result = { runs, minMs: Math.min(...runs), medianMs: median(runs), maxMs: Math.max(...runs) };
  process.stdout.write(
    `${what}: min ${result.minMs.toFixed(0)}, median ${result.medianMs.toFixed(0)}, ` +
      `max ${result.maxMs.toFixed(0)} ms over ${HANDSHAKE_RUNS} runs\n`,
  );
  return result;
}

/** Milliseconds from spawning the provider as terraform does (cookie, client certificate) to its handshake line. */
async function timeHandshake([program, ...args]: readonly string[]): Promise<number> {
  const client = await createServerCertificate();
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(program, args, {
      env: {
        ...process.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: '5,6',
        PLUGIN_CLIENT_CERT: client.certPem,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let buffered = '';
    child.stdout.on('data', (b: Buffer) => {
      buffered += b.toString('utf8');
      if (!buffered.includes('\n')) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (!/^1\|6\|/.test(buffered)) reject(new Error(`unexpected handshake line: ${buffered.trim()}`));
      child.kill('SIGTERM');
      child.on('exit', () => resolve(ms));
    });
    child.on('error', reject);
  });
}

/**
 * Wall times of PLAN_RUNS no-change plans of n fixture notes and of n terraform_data, after an
 * apply that creates each, taken in turns (note, terraform_data, note, ...).
 */
async function timeNoChangePlans(
  script: string,
  n: number,
): Promise<{ fixtureRunsMs: number[]; builtinRunsMs: number[] }> {
  const root = mkdtempSync(join(tmpdir(), 'bench-plans-'));
  try {
    const notes = join(root, 'note');
    const builtin = join(root, 'terraform_data');
    mkdirSync(notes);
    mkdirSync(builtin);
    const workspaces = [
      fixtureWorkspace(notes, script, notesConfig(n, join(notes, 'notes'))),
      fixtureWorkspace(
        builtin,
        script,
        `resource "terraform_data" "n" {\n  count = ${n}\n  input = { title = "note \${count.index}", index = count.index }\n}\n`,
      ),
    ];
    for (const tf of workspaces) {
      await tf(['init']);
      await tf(['apply', '-auto-approve', '-parallelism=10']);
    }
    const [fixtureRunsMs, builtinRunsMs]: number[][] = [[], []];
    for (let i = 0; i < PLAN_RUNS; i++) {
      for (const [k, tf] of workspaces.entries()) {
        const t0 = process.hrtime.bigint();
        // -detailed-exitcode: 0 means no changes; anything else fails the bench.
        await tf(['plan', '-detailed-exitcode']);
        (k === 0 ? fixtureRunsMs : builtinRunsMs).push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    return { fixtureRunsMs, builtinRunsMs };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Node.js starting and exiting with nothing to run: what every provider start pays before its own code. */
function nodeStarts(): Promise<Timings> {
  return timed('Node.js start and exit', async () => {
    const t0 = process.hrtime.bigint();
    await run(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
}

/**
 * Node.js 20 reads the certificates NODE_EXTRA_CA_CERTS names (with its own roots) at every
 * start; later versions when TLS is first used. Said beside the figures, which it inflates.
 */
function extraCaCertsNote(): string | undefined {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined || Number(process.versions.node.split('.')[0]) > 20)
    return undefined;
  return (
    'NODE_EXTRA_CA_CERTS is set: Node.js 20 loads those certificates at every start, which is part of ' +
    'every start figure above (run with the variable unset to see the difference).'
  );
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
