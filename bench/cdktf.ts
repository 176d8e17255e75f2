/**
 * CDKTF benchmark (`npm run bench`): the large-org example (50 addresses × 20 devices by
 * default) against the sandbox, with the real terraform. Prints a table and writes it to
 * bench-results-cdktf.json:
 *
 * - synth time of the CDKTF app (median of 3);
 * - apply time for the whole org, under the API's default rate limit (60 requests a minute)
 *   scaled for the sandbox by BENCH_RATE_SCALE (default 20, so 1,200 a minute), with the
 *   API requests it made (all of them: its plan, mailboxes, device creates and lists,
 *   policies), those per device created, and the minutes they would need at the real limit;
 * - no-change `terraform plan` time (median of 3) next to the same number of built-in
 *   `terraform_data` resources in the same run, as a ratio;
 * - API requests per no-change plan (the sandbox's request counter);
 * - one more no-change plan with the provider logging at debug level, as people run it when
 *   something is wrong: every line is redacted against every secret the plan has seen.
 *
 * A benchmark, not a test: it asserts nothing about time. Expect a few minutes: the
 * sandbox hashes every new password with scrypt.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { findThisPackage } from '../packaging';
import { setupTerraform } from '../provider/cli/setup-terraform';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../provider/infomaniak';
import { SandboxHooksClient, startSandbox } from '../provider/sandbox';
import { LargeOrgStack } from '../examples/large-org/main';
import { TerraformRunner, type TerraformResult } from '../scripts/terraform-runner';

const ROOT = findThisPackage().root;
const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 50);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 20);
const RATE_SCALE = Number(process.env.BENCH_RATE_SCALE ?? 20);
const RUNS = 3;
const OUTPUT = process.env.BENCH_OUTPUT ?? join(ROOT, 'bench-results-cdktf.json');

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'bench-cdktf-'));
  const rpm = DEFAULT_REQUESTS_PER_MINUTE * RATE_SCALE;
  const sandbox = await startSandbox({ port: 0, testHooks: true });
  const hooks = new SandboxHooksClient(sandbox.url);
  try {
    say(`large-org: ${ADDRESSES} addresses x ${DEVICES} devices; provider limit ${rpm} requests/min`);

    // Synth, as `cdktf synth` runs the app: construct the tree, then write cdk.tf.json.
    const synthMs: number[] = [];
    let stackDir = '';
    for (let i = 0; i < RUNS; i++) {
      const outdir = join(work, `synth-${i}`);
      const t0 = performance.now();
      const app = new App({ outdir });
      new LargeOrgStack(app, 'large-org', {
        addresses: ADDRESSES,
        devicesPerAddress: DEVICES,
        mailHostingId: sandbox.mailHostingId,
        requestsPerMinute: rpm,
        stateFile: join(work, 'terraform.tfstate'),
      });
      app.synth();
      synthMs.push(performance.now() - t0);
      stackDir = join(outdir, 'stacks', 'large-org');
    }
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const resourceCount = Object.values(config.resource).reduce((n, r) => n + Object.keys(r).length, 0);
    say(`synth: median ${secs(median(synthMs))}; ${resourceCount} resources`);

    const mirror = setupTerraform({ dir: join(work, 'mirror') });
    const tf = new TerraformRunner({
      dir: stackDir,
      cliConfigFile: mirror.cliConfigFile,
      endpoint: sandbox.url,
      token: sandbox.tokens.admin,
    });
    await tf.init();

    say('applying the whole org...');
    await hooks.resetRequests();
    const apply = await tf.apply(['-parallelism=10']);
    const applied = await hooks.requests();
    const applyRequests = applied.total;
    const devicesCreated = ADDRESSES * DEVICES;
    const requestsPerDevice = applyRequests / devicesCreated;
    // The client spaces requests at the limit: this is the floor at the real API's 60 a minute.
    const minutesAt60 = applyRequests / DEFAULT_REQUESTS_PER_MINUTE;
    say(
      `apply: ${secs(apply.ms)}, ${applyRequests} API requests, ${requestsPerDevice.toFixed(2)} per device, ` +
        `≥ ${minutesAt60.toFixed(1)} min at 60/min`,
    );

    const planMs: number[] = [];
    const planRequests: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await hooks.resetRequests();
      const plan = await tf.plan();
      expectNoChanges(plan);
      planMs.push(plan.ms);
      planRequests.push((await hooks.requests()).total);
    }
    const counts = (await hooks.requests()).counts;
    say(`no-change plan: median ${secs(median(planMs))}, ${median(planRequests)} API requests`);

    const debugPlan = await new TerraformRunner({
      dir: stackDir,
      cliConfigFile: mirror.cliConfigFile,
      endpoint: sandbox.url,
      token: sandbox.tokens.admin,
      env: { TF_LOG_PROVIDER: 'debug' },
    }).plan();
    expectNoChanges(debugPlan);
    const debugLines = debugPlan.stderr
      .split('\n')
      .filter((l) => l.includes('provider.terraform-provider')).length;
    say(`no-change plan, provider debug log: ${secs(debugPlan.ms)}, ${debugLines} provider log lines`);

    const builtinMs = await builtinPlans(join(work, 'builtin'), resourceCount, mirror.cliConfigFile);
    say(`no-change plan of ${resourceCount} terraform_data: median ${secs(median(builtinMs))}`);

    const result = {
      date: new Date().toISOString(),
      node: process.version,
      terraform: JSON.parse((await tf.run(['version', '-json'])).stdout).terraform_version as string,
      platform: `${process.platform}_${process.arch}`,
      addresses: ADDRESSES,
      devicesPerAddress: DEVICES,
      resources: resourceCount,
      synth: { runsMs: synthMs, medianMs: median(synthMs) },
      apply: {
        requestsPerMinute: rpm,
        rateScale: RATE_SCALE,
        ms: apply.ms,
        apiRequests: applyRequests,
        devicesCreated,
        // Every request of the apply (mailboxes, lists, grants, policies) over the devices it creates.
        requestsPerDevice,
        minutesAt60PerMinute: minutesAt60,
        // Kept for comparison with earlier results: the same figure as minutesAt60PerMinute.
        atDefaultLimitMinutes: minutesAt60,
        apiRequestsByRoute: applied.counts,
      },
      noChangePlan: {
        runsMs: planMs,
        medianMs: median(planMs),
        builtinRunsMs: builtinMs,
        builtinMedianMs: median(builtinMs),
        ratio: median(planMs) / median(builtinMs),
        apiRequests: median(planRequests),
        apiRequestsByRoute: counts,
      },
      noChangePlanDebugLog: {
        ms: debugPlan.ms,
        providerLogLines: debugLines,
        // Against the median no-change plan without logging: what debug logging costs.
        ratio: debugPlan.ms / median(planMs),
      },
      totalSeconds: (Date.now() - started) / 1000,
    };
    printTable(result);
    writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
    say(`\nwrote ${OUTPUT}`);
  } finally {
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function expectNoChanges(plan: TerraformResult): void {
  if (plan.code !== 0) throw new Error(`the plan after apply is not empty:\n${plan.stdout}`);
}

/** Median no-change plan time of `n` built-in terraform_data resources, after applying them. */
async function builtinPlans(dir: string, n: number, cliConfigFile: string): Promise<number[]> {
  mkdirSync(dir, { recursive: true });
  const resource = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`r${i}`, { input: { label: `resource ${i}`, index: i } }]),
  );
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: resource } }));
  const tf = new TerraformRunner({ dir, cliConfigFile, endpoint: 'http://127.0.0.1:9', token: 'unused' });
  await tf.init();
  await tf.apply(['-parallelism=10']);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const plan = await tf.plan();
    expectNoChanges(plan);
    ms.push(plan.ms);
  }
  return ms;
}

function printTable(r: {
  resources: number;
  synth: { medianMs: number };
  apply: {
    ms: number;
    apiRequests: number;
    requestsPerMinute: number;
    requestsPerDevice: number;
    minutesAt60PerMinute: number;
  };
  noChangePlan: { medianMs: number; builtinMedianMs: number; ratio: number; apiRequests: number };
  noChangePlanDebugLog: { ms: number; providerLogLines: number; ratio: number };
}): void {
  const rows = [
    ['measure', 'value', 'note'],
    ['synth (median of 3)', secs(r.synth.medianMs), `${r.resources} resources`],
    [
      'apply, whole org',
      secs(r.apply.ms),
      `${r.apply.apiRequests} API requests at ${r.apply.requestsPerMinute}/min; ≥ ${r.apply.minutesAt60PerMinute.toFixed(1)} min at 60/min`,
    ],
    ['API requests per device created', r.apply.requestsPerDevice.toFixed(2), 'all requests of the apply'],
    [
      'no-change plan (median of 3)',
      secs(r.noChangePlan.medianMs),
      `${r.noChangePlan.apiRequests} API requests`,
    ],
    [
      `no-change plan, ${r.resources} terraform_data`,
      secs(r.noChangePlan.builtinMedianMs),
      'built-in, same run',
    ],
    ['plan ratio (org / terraform_data)', `${r.noChangePlan.ratio.toFixed(2)}x`, ''],
    [
      'no-change plan, provider debug log',
      secs(r.noChangePlanDebugLog.ms),
      `${r.noChangePlanDebugLog.providerLogLines} log lines; ${r.noChangePlanDebugLog.ratio.toFixed(2)}x the plan without`,
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  say(`\n${rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
