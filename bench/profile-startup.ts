/**
 * Where a provider start goes (`npm run profile:startup [-- script] [--keep DIR]`): runs
 * the provider executable (default: the infomaniakmail bin as built) as terraform starts
 * it, with a CPU profile until its handshake, and prints
 * - self time by package, by our own module and by Node.js internals: inside a bundle,
 *   samples are attributed to the module whose code they ran, by the `// path` comment
 *   esbuild writes above each module;
 * - how many files were read and modules evaluated (counts, steadier than times).
 * With --keep DIR the .cpuprofile stays there, for Chrome DevTools or speedscope.
 * Samples are every 100 µs, which slows the process a little; compare runs, not budgets.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { modulesLoadedUntilHandshake, packageOf, startUntilHandshake } from '../scripts/startup-modules';
import { summarize, type CpuProfile } from './cpu-profile';

const REPO = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keepAt = args.indexOf('--keep');
  const keep = keepAt >= 0 ? args.splice(keepAt, 2)[1] : undefined;
  const script = args[0] ?? join(REPO, 'bin', 'terraform-provider-infomaniakmail.js');
  const dir = mkdtempSync(join(tmpdir(), 'profile-startup-'));
  try {
    await startUntilHandshake(script, {
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'],
    });
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the provider wrote no CPU profile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    process.stdout.write(
      `${script}\n${summarize(profile, dirname(script), 30, 'from the first JavaScript to the handshake')}\n`,
    );
    if (keep) {
      mkdirSync(keep, { recursive: true });
      copyFileSync(join(dir, file), join(keep, file));
      process.stdout.write(`kept ${join(keep, file)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const modules = await modulesLoadedUntilHandshake(script, REPO);
  const packages = new Set([...modules.files, ...modules.bundled].map(packageOf).filter(Boolean));
  process.stdout.write(
    `\nuntil the handshake: ${modules.files.length} files read, ${modules.bundled.length} bundled modules ` +
      `evaluated, packages: ${[...packages].sort().join(', ')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
