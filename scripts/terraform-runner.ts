/**
 * Runs the real `terraform` for the CDKTF walk-throughs (`npm start`, `npm run bench`) in a
 * synthesized stack directory: offline (the provider comes from the local mirror written by
 * `setup-terraform`), never prompting, pointed at one Mail API endpoint and token.
 */
import { spawn } from 'node:child_process';

export interface TerraformTarget {
  /** The stack directory (`cdktf.out/stacks/NAME`). */
  readonly dir: string;
  /** The CLI configuration `setup-terraform` wrote. */
  readonly cliConfigFile: string;
  readonly endpoint: string;
  readonly token: string;
  /** Variables set on top of the run's own (for example TF_LOG_PROVIDER). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export class TerraformRunner {
  public constructor(private readonly target: TerraformTarget) {}

  /** The environment terraform (and so the provider) runs with. */
  public env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    // The caller's TF_* and INFOMANIAK_* settings would point this run elsewhere.
    for (const [k, v] of Object.entries(process.env))
      if (!k.startsWith('TF_') && !k.startsWith('INFOMANIAK_')) env[k] = v;
    return {
      ...env,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: this.target.cliConfigFile,
      INFOMANIAK_ENDPOINT: this.target.endpoint,
      INFOMANIAK_TOKEN: this.target.token,
      ...this.target.env,
    };
  }

  /** Runs `terraform ARGS` in the stack directory; `ok` lists the exit codes that are not failures. */
  public run(args: readonly string[], ok: readonly number[] = [0]): Promise<TerraformResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, { cwd: this.target.dir, env: this.env(), stdio: 'pipe' });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(
                'terraform is not on PATH: install Terraform 1.11 or later (https://developer.hashicorp.com/terraform/install).',
              )
            : error,
        ),
      );
      child.on('close', (code) => {
        const result = {
          code: code ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          ms: performance.now() - started,
        };
        if (!ok.includes(result.code))
          reject(
            new Error(
              `terraform ${args.join(' ')} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
            ),
          );
        else resolve(result);
      });
      child.stdin.end();
    });
  }

  public init(): Promise<TerraformResult> {
    return this.run(['init', '-input=false', '-no-color']);
  }

  /** `plan -detailed-exitcode`: exit 0 means no changes, 2 changes. */
  public plan(extra: readonly string[] = []): Promise<TerraformResult> {
    return this.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', ...extra], [0, 2]);
  }

  public apply(extra: readonly string[] = []): Promise<TerraformResult> {
    return this.run(['apply', '-input=false', '-no-color', '-auto-approve', ...extra]);
  }
}
