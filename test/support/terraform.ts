/**
 * A harness around the real terraform binary: a temporary working directory, a CLI
 * configuration that installs our provider from a local filesystem mirror (no
 * registry, no checkpoint calls), and commands run with captured output.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { writeLocalMirror, type LocalMirror } from '../../packaging';

export const MIN_TERRAFORM_VERSION = '1.11.0';

export interface TerraformInfo {
  readonly version: string;
  readonly platform: string;
}

let checked: Promise<TerraformInfo> | undefined;

/**
 * terraform >= 1.11 on PATH, or a thrown error saying so: the end-to-end tests are the
 * proof that the provider works, so a missing terraform fails them, never skips them.
 */
export function requireTerraform(): Promise<TerraformInfo> {
  checked ??= (async () => {
    let out: string;
    try {
      out = (await promisify(execFile)('terraform', ['version', '-json'], { env: baseEnv() })).stdout;
    } catch (err) {
      throw new Error(
        `terraform ${MIN_TERRAFORM_VERSION} or newer must be on PATH for the end-to-end tests ` +
          `(running "terraform version" failed: ${(err as Error).message}). Install it from ` +
          'https://developer.hashicorp.com/terraform/install and run the tests again.',
      );
    }
    const info = JSON.parse(out) as { terraform_version: string; platform: string };
    if (compareVersions(info.terraform_version, MIN_TERRAFORM_VERSION) < 0)
      throw new Error(
        `terraform ${info.terraform_version} is on PATH, but the end-to-end tests need ${MIN_TERRAFORM_VERSION} ` +
          'or newer (write-only attributes, ephemeral resources). Upgrade terraform and run the tests again.',
      );
    return { version: info.terraform_version, platform: info.platform };
  })();
  return checked;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export interface ProviderUnderTest {
  /** `namespace/type`. */
  readonly source: string;
  readonly version: string;
  /** Absolute path of the provider's JavaScript entry point. */
  readonly script: string;
}

export interface RunOptions {
  /** Extra environment, e.g. `{ TF_LOG: 'trace' }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Do not throw on a non-zero exit code. */
  readonly allowFailure?: boolean;
  readonly stdin?: string;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class TerraformCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: RunResult,
  ) {
    super(
      `terraform ${args.join(' ')} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
    this.name = 'TerraformCommandError';
  }
}

/** A scratch directory with its own mirror, CLI configuration and terraform working directory. */
/** Runs `terraform ARGS`, collecting its output; rejects with TerraformCommandError on failure unless allowed. */
export function spawnTerraform(
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; allowFailure?: boolean; stdin?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: opts.cwd, env: opts.env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = {
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (result.code !== 0 && !opts.allowFailure) reject(new TerraformCommandError(args, result));
      else resolve(result);
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export class TerraformWorkspace {
  readonly root: string;
  /** Where `terraform` runs and configuration files go. */
  readonly workDir: string;
  readonly mirror: LocalMirror;

  private constructor(root: string, mirror: LocalMirror) {
    this.root = root;
    this.mirror = mirror;
    this.workDir = join(root, 'work');
    mkdirSync(this.workDir, { recursive: true });
  }

  static async create(provider: ProviderUnderTest, prefix = 'tf-e2e-'): Promise<TerraformWorkspace> {
    await requireTerraform();
    const root = mkdtempSync(join(tmpdir(), prefix));
    const mirror = writeLocalMirror({
      dir: join(root, 'mirror'),
      source: provider.source,
      version: provider.version,
      launcher: { node: process.execPath, script: provider.script },
    });
    return new TerraformWorkspace(root, mirror);
  }

  /** Environment every command gets: our CLI config, no checkpoint, no prompts, no inherited TF_* settings. */
  env(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
    return {
      ...baseEnv(),
      TF_CLI_CONFIG_FILE: this.mirror.cliConfigFile,
      TF_DATA_DIR: join(this.workDir, '.terraform'),
      ...extra,
    };
  }

  write(file: string, content: string): string {
    const path = join(this.workDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  read(file: string): string {
    return readFileSync(join(this.workDir, file), 'utf8');
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Runs `terraform ARGS` in the working directory. Throws TerraformCommandError on failure unless allowed. */
  run(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return spawnTerraform(args, {
      cwd: this.workDir,
      env: this.env(opts.env),
      allowFailure: opts.allowFailure,
      stdin: opts.stdin,
    });
  }

  async init(): Promise<RunResult> {
    return this.run(['init', '-input=false', '-no-color']);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The process environment without terraform settings that would change what tests see. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_')) env[k] = v;
  return { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
}
