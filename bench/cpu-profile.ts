/**
 * Reading a V8 CPU profile of the provider: where its samples go, by package, by our own
 * module and by Node.js internals. Inside a bundle, samples are attributed to the module
 * whose code they ran, by the `// path` comment esbuild writes above each module. Used by
 * `npm run profile:startup` and `npm run profile:plan`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageOf } from '../scripts/startup-modules';

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
export interface CpuProfile {
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

/**
 * Self time by package, by our own module and by Node.js internals, `top` rows, under a
 * first line that says what was sampled (`what`).
 */
export function summarize(profile: CpuProfile, scriptDir: string, top: number, what: string): string {
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
    `sampled ${(total / 1000).toFixed(1)} ms ${what} (self time):`,
    ...rows.map(([k, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`),
  ].join('\n');
}
