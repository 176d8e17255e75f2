/**
 * Where a no-change plan's provider time goes (`npm run profile:plan [-- N]`, default
 * N = 1000): applies N notes of the fixture provider, then runs one `terraform plan` with
 * every provider process terraform starts under a CPU profile (bench/profile-hook.ts), and
 * prints, per process in start order, its wall time, how much of it the process was busy,
 * and its self time by package and by our own module (bench/cpu-profile.ts). Terraform
 * starts the provider three times per plan (schemas, validation, the plan itself); the
 * last one serves the per-resource calls. Samples every 200 µs; compare runs, not budgets.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { summarize, type CpuProfile } from './cpu-profile';
import { buildFixtureProvider, fixtureWorkspace, notesConfig } from './fixture-provider';

interface TimedProfile extends CpuProfile {
  readonly startTime: number;
  readonly endTime: number;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`N must be a whole number of at least 1, got ${process.argv[2]}`);
  process.stdout.write('compiling the fixture provider...\n');
  const script = await buildFixtureProvider('profile');
  const root = mkdtempSync(join(tmpdir(), 'profile-plan-'));
  try {
    const tf = fixtureWorkspace(root, script, notesConfig(n, join(root, 'notes')));
    process.stdout.write(`applying ${n} notes...\n`);
    await tf(['init']);
    await tf(['apply', '-auto-approve', '-parallelism=10']);

    const profiles = join(root, 'profiles');
    const hook = join(__dirname, 'profile-hook.js');
    const t0 = process.hrtime.bigint();
    await tf(['plan', '-detailed-exitcode'], {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${hook}`.trim(),
      PROFILE_PLAN_DIR: profiles,
    });
    const planMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const files = readdirSync(profiles)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort();
    process.stdout.write(
      `\nno-change plan of ${n} notes: ${(planMs / 1000).toFixed(2)} s, ${files.length} provider processes\n`,
    );
    for (const [i, file] of files.entries()) {
      const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as TimedProfile;
      const wallMs = (profile.endTime - profile.startTime) / 1000;
      const idle = idleMs(profile);
      process.stdout.write(
        `\nprocess ${i + 1}: ${wallMs.toFixed(0)} ms profiled, busy ${(wallMs - idle).toFixed(0)} ms ` +
          `(${(((wallMs - idle) / wallMs) * 100).toFixed(0)}%)\n` +
          `${summarize(profile, dirname(script), 25, 'from the hook to the exit')}\n`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Milliseconds of the samples V8 files under "(idle)": the process waiting for terraform. */
function idleMs(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (idle.has(id)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
