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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modulesLoadedUntilHandshake, packageOf, startUntilHandshake } from '../scripts/startup-modules';

const REPO = join(__dirname, '..', '..');

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** For a bundle: the first line of each module, from esbuild's `// path` comments. */
function moduleStarts(file: string): Array<readonly [number, string]> {
  const starts: Array<readonly [number, string]> = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:node_modules|dist|provider|test)\/\S+)$/.exec(line);
      if (m) starts.push([i, m[1]]);
    });
  return starts;
}

function moduleAt(starts: ReadonlyArray<readonly [number, string]>, line: number): string | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid][0] <= line) {
      found = starts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What a sample counts towards: "pkg zod", "own provider/protocol/tls.js", "node:internal/…", "(gc)". */
function categorizer(scriptDir: string): (frame: ProfileNode['callFrame']) => string {
  const bundles = new Map<string, Array<readonly [number, string]>>();
  return ({ url, functionName, lineNumber }) => {
    if (url === '') return functionName || '(native)';
    if (url.startsWith('node:')) return url.startsWith('node:internal/modules') ? 'node: module loader' : url;
    let file = url.startsWith('file:') ? fileURLToPath(url) : url;
    // V8 names a script from its code cache by the path the cache was made at (see bundle-loader.ts).
    if (!existsSync(file) && existsSync(join(scriptDir, basename(file))))
      file = join(scriptDir, basename(file));
    if (!bundles.has(file)) bundles.set(file, existsSync(file) ? moduleStarts(file) : []);
    const starts = bundles.get(file) ?? [];
    const module = starts.length > 0 ? moduleAt(starts, lineNumber) : file;
    if (module === undefined) return 'bundle runtime';
    const pkg = packageOf(module);
    if (pkg) return `pkg ${pkg}`;
    const own = /(?:^|\/)((?:provider|test|bin)\/.*)$/.exec(module);
    return own ? `own ${own[1]}` : module;
  };
}

function summarize(profile: CpuProfile, scriptDir: string, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const category = categorizer(scriptDir);
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id);
    const key = node ? category(node.callFrame) : '(unknown)';
    totals.set(key, (totals.get(key) ?? 0) + us);
  });
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `sampled ${(total / 1000).toFixed(1)} ms from the first JavaScript to the handshake (self time):`,
    ...rows.map(([k, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`),
  ].join('\n');
}

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
    process.stdout.write(`${script}\n${summarize(profile, dirname(script), 30)}\n`);
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
