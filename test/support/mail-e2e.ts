/**
 * End-to-end harness for the infomaniakmail provider: the real terraform binary, the
 * provider as built into dist/ (what users run), installed with `setup-terraform`, and
 * the sandbox in this process with its test hooks. Generic across resources:
 *
 *   const sandbox = await startMailSandbox();            // one per test file
 *   const ws = await MailWorkspace.create(sandbox);      // one per scenario
 *   ws.writeConfig(`resource "infomaniakmail_device" "a" { ... }`);
 *   await ws.init(); await ws.apply(); await ws.expectEmptyPlan();
 *   ws.state('infomaniakmail_device.a');                 // values from `terraform show -json`
 *
 * Missing terraform FAILS the tests (never skips): they are the proof the provider works.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { setupTerraform } from '../../provider/cli/setup-terraform';
import { SandboxHooksClient, startSandbox, type RunningSandbox } from '../../provider/sandbox';
import { startContractRecording } from '../contract/harness';
import { requireTerraform, spawnTerraform, type RunResult } from './terraform';

export const REPO_ROOT = join(__dirname, '..', '..');
const PROVIDER_BIN = join(REPO_ROOT, 'bin', 'terraform-provider-infomaniakmail.js');
/** What the bin runs: the bundle `npm run build` makes of dist/provider/main.js. */
const PROVIDER_MAIN = join(REPO_ROOT, 'dist', 'provider', 'terraform-provider-infomaniakmail.js');
/** What the provider executable and the `infomaniak-mail` bin are compiled from (dist/provider/...). */
const SOURCES = [
  'main.ts',
  'protocol',
  'framework',
  'infomaniak',
  'resources',
  'report',
  'cli',
  'sealing',
].map((p) => join(REPO_ROOT, 'provider', p));
const BUILD_LOCK = join(REPO_ROOT, 'dist', '.mail-e2e-build.lock');

// ---------------------------------------------------------------- build check

let built: Promise<void> | undefined;

/**
 * The provider in dist/ must be compiled from the current sources (terraform runs
 * dist/, jest runs sources). Stale or missing output is rebuilt once, under a lock shared
 * by jest workers; a build that still leaves it stale fails the tests.
 */
export function ensureProviderBuilt(): Promise<void> {
  built ??= (async () => {
    if (staleSources().length === 0) return;
    const started = Date.now();
    await withLock(BUILD_LOCK, async () => {
      if (staleSources().length === 0) return;
      try {
        await promisify(execFile)(
          process.execPath,
          [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
          { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024 },
        );
      } catch {
        // Type errors still emit JavaScript; whether the output is current is checked below.
      }
      // The bin runs the bundle, not tsc's output: bundle what tsc just wrote.
      await promisify(execFile)(
        process.execPath,
        [join(REPO_ROOT, 'dist', 'scripts', 'bundle-provider.js')],
        {
          cwd: REPO_ROOT,
          maxBuffer: 32 * 1024 * 1024,
        },
      );
    });
    // A file saved while the build ran is someone's edit in progress, not a failed build.
    const stale = staleSources(started);
    if (stale.length > 0 || !existsSync(PROVIDER_MAIN))
      throw new Error(
        `The provider in dist/ is out of date and building it failed (${stale.slice(0, 3).join(', ')}). ` +
          'Run "npm run build" and fix what it reports.',
      );
  })();
  return built;
}

/** Sources newer than their compiled output (or without one), ignoring those saved after `before`. */
function staleSources(before = Infinity): string[] {
  return SOURCES.flatMap((p) => (statSync(p).isDirectory() ? walk(p) : [p]))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .filter((f) => {
      const out = join(REPO_ROOT, 'dist', relative(REPO_ROOT, f)).replace(/\.ts$/, '.js');
      const saved = statSync(f).mtimeMs;
      const older = (o: string): boolean => !existsSync(o) || statSync(o).mtimeMs < saved;
      return saved < before && (older(out) || older(PROVIDER_MAIN));
    })
    .map((f) => relative(REPO_ROOT, f));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

async function withLock(lock: string, fn: () => Promise<void>): Promise<void> {
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than the longest build is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- sandbox

export interface MailSandbox {
  /** Where clients and the provider reach the API (the contract proxy during `npm run test:contract`). */
  readonly url: string;
  /** The sandbox itself, never proxied (its /__sandbox/ hooks, or a check that must bypass the proxy). */
  readonly directUrl: string;
  readonly hostingId: number;
  readonly domain: string;
  readonly tokens: { readonly admin: string; readonly readonly: string };
  readonly hooks: SandboxHooksClient;
  /** Every line the sandbox logged (one per request), for secret scans. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** A sandbox with test hooks on a free port; reuse one per test file and `hooks.reset()` between scenarios. */
export async function startMailSandbox(): Promise<MailSandbox> {
  const logs: string[] = [];
  const sandbox: RunningSandbox = await startSandbox({ port: 0, testHooks: true, log: (l) => logs.push(l) });
  // Only when INFOMANIAK_CONTRACT_REPORT_DIR is set (npm run test:contract): API traffic through the validating proxy.
  const contract = await startContractRecording(sandbox.url);
  return {
    url: contract?.url ?? sandbox.url,
    directUrl: sandbox.url,
    hostingId: sandbox.mailHostingId,
    domain: sandbox.domain,
    tokens: sandbox.tokens,
    hooks: new SandboxHooksClient(sandbox.url),
    logs,
    close: async () => {
      await contract?.close();
      await sandbox.close();
    },
  };
}

// ---------------------------------------------------------------- workspace

export interface MailWorkspaceOptions {
  /** Which sandbox token the provider gets through INFOMANIAK_TOKEN (default admin); null: none. */
  readonly token?: 'admin' | 'readonly' | null;
  /** Provider block body (HCL); default raises requests_per_minute so tests are not throttled. */
  readonly providerBody?: string;
}

export interface TerraformRunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly allowFailure?: boolean;
  /** Sets TF_LOG (e.g. 'trace'). */
  readonly tfLog?: string;
}

export const FAST_PROVIDER_BODY = 'requests_per_minute = 100000';

/** A scratch directory: mirror from setup-terraform, a working directory, provider stderr capture. */
export class MailWorkspace {
  readonly workDir: string;
  readonly providerStderrFile: string;
  private readonly cliConfigFile: string;

  private constructor(
    readonly root: string,
    readonly sandbox: MailSandbox,
    cliConfigFile: string,
    private readonly options: MailWorkspaceOptions,
  ) {
    this.cliConfigFile = cliConfigFile;
    this.workDir = join(root, 'work');
    this.providerStderrFile = join(root, 'provider-stderr.log');
    mkdirSync(this.workDir, { recursive: true });
    writeFileSync(this.providerStderrFile, '');
  }

  static async create(sandbox: MailSandbox, options: MailWorkspaceOptions = {}): Promise<MailWorkspace> {
    await requireTerraform();
    await ensureProviderBuilt();
    const root = mkdtempSync(join(tmpdir(), 'tf-mail-'));
    const tee = join(root, 'provider-tee.js');
    writeFileSync(tee, TEE_SCRIPT);
    const mirror = setupTerraform({
      dir: join(root, '.infomaniak-mail'),
      launcher: { node: process.execPath, script: tee },
      env: { MAIL_E2E_TARGET: PROVIDER_BIN, MAIL_E2E_STDERR: join(root, 'provider-stderr.log') },
    });
    return new MailWorkspace(root, sandbox, mirror.cliConfigFile, options);
  }

  /** The terraform and provider blocks every configuration starts with. */
  header(): string {
    return `terraform {
  required_providers {
    infomaniakmail = { source = "mailaccess/infomaniakmail" }
  }
}

provider "infomaniakmail" {
  ${this.options.providerBody ?? FAST_PROVIDER_BODY}
}
`;
  }

  /** Writes main.tf: the header plus `body`. */
  writeConfig(body: string): void {
    this.write('main.tf', `${this.header()}\n${body}\n`);
  }

  write(file: string, content: string): void {
    const path = join(this.workDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  env(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!k.startsWith('TF_') && !k.startsWith('INFOMANIAK_')) env[k] = v;
    const token = this.options.token === undefined ? 'admin' : this.options.token;
    return {
      ...env,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: this.cliConfigFile,
      INFOMANIAK_ENDPOINT: this.sandbox.url,
      ...(token === null ? {} : { INFOMANIAK_TOKEN: this.sandbox.tokens[token] }),
      ...extra,
    };
  }

  run(args: readonly string[], opts: TerraformRunOptions = {}): Promise<RunResult> {
    const env = this.env({ ...(opts.tfLog ? { TF_LOG: opts.tfLog } : {}), ...opts.env });
    return spawnTerraform(args, { cwd: this.workDir, env, allowFailure: opts.allowFailure });
  }

  init(opts?: TerraformRunOptions): Promise<RunResult> {
    return this.run(['init', '-input=false', '-no-color'], opts);
  }

  apply(opts: TerraformRunOptions & { readonly args?: readonly string[] } = {}): Promise<RunResult> {
    return this.run(['apply', '-input=false', '-no-color', '-auto-approve', ...(opts.args ?? [])], opts);
  }

  /** `plan -detailed-exitcode`: code 0 no changes, 2 changes, 1 error; never throws. */
  plan(opts: TerraformRunOptions & { readonly args?: readonly string[] } = {}): Promise<RunResult> {
    return this.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', ...(opts.args ?? [])], {
      ...opts,
      allowFailure: true,
    });
  }

  /** Asserts the plan is empty (exit 0), with terraform's output in the failure message. */
  async expectEmptyPlan(): Promise<RunResult> {
    const r = await this.plan();
    if (r.code !== 0)
      throw new Error(`expected an empty plan (exit 0), got exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  /** `terraform show -json` of the state, parsed. */
  async show(): Promise<ShowJson> {
    return JSON.parse((await this.run(['show', '-json', '-no-color'])).stdout) as ShowJson;
  }

  /** The attribute values of one resource in state (`type.name` or `type.name[key]`), via show -json. */
  async resource(address: string): Promise<Record<string, unknown>> {
    const found = (await this.resources()).find((r) => r.address === address);
    if (!found) throw new Error(`${address} is not in the state`);
    return found.values;
  }

  async resources(): Promise<StateResource[]> {
    return (await this.show()).values?.root_module?.resources ?? [];
  }

  /** What the provider processes wrote to stderr so far. */
  providerStderr(): string {
    return readFileSync(this.providerStderrFile, 'utf8');
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: 'managed' | 'data';
  readonly values: Record<string, unknown>;
  readonly sensitive_values?: Record<string, unknown>;
}

export interface ShowJson {
  readonly values?: { readonly root_module?: { readonly resources?: StateResource[] } };
}

/** An HCL string literal. */
export function hcl(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/**
 * Runs the provider and copies its stderr into MAIL_E2E_STDERR while still passing it to
 * terraform (which reads the provider's log lines from there). Written into each workspace.
 */
const TEE_SCRIPT = `'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const out = fs.openSync(process.env.MAIL_E2E_STDERR, 'a');
const child = spawn(process.execPath, [process.env.MAIL_E2E_TARGET, ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'pipe'],
});
child.stderr.on('data', (chunk) => {
  fs.writeSync(out, chunk);
  process.stderr.write(chunk);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code === null ? (signal ? 1 : 0) : code));
`;

/** What a scenario file of whole apps needs: a sandbox, one workspace on it, a scratch directory. */
export interface MailScenario {
  readonly sandbox: MailSandbox;
  readonly ws: MailWorkspace;
  /** A fresh temporary directory (synth output, state files). */
  readonly outdir: string;
  close(): Promise<void>;
}

export async function openMailScenario(prefix: string): Promise<MailScenario> {
  const sandbox = await startMailSandbox();
  const ws = await MailWorkspace.create(sandbox);
  const outdir = mkdtempSync(join(tmpdir(), prefix));
  return {
    sandbox,
    ws,
    outdir,
    async close() {
      ws.remove();
      rmSync(outdir, { recursive: true, force: true });
      await sandbox.close();
    },
  };
}
