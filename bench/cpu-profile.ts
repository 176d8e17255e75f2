/**
 * Reading a V8 CPU profile of the provider: where its samples go, by package, by our own
 * module and by Node.js internals. Inside a bundle, samples are attributed to the module
 * whose code they ran, by the wrapper esbuild names after each module's path. Used by
 * `npm run profile:startup` and `npm run profile:plan`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageOf } from '../scripts/startup-modules';

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A place in a script, 0-based, as V8 reports it. */
type Position = readonly [line: number, column: number];

/**
 * Where each module of a bundle starts: esbuild wraps each module in a function named by the
 * module's path, `"dist/x.js"(exports…`, so these positions are found in minified bundles too.
 */
function moduleStarts(file: string): Array<readonly [Position, string]> {
  const source = readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const starts: Array<readonly [Position, string]> = [];
  let line = 0; // matches come in order, so the line only moves forward
  for (const m of source.matchAll(/"((?:node_modules|dist|provider|test)\/[^"\s]+\.(?:[cm]?js|json))"\(/g)) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= m.index) line++;
    starts.push([[line, m.index - lineStarts[line]], m[1]]);
  }
  return starts;
}

const before = (a: Position, b: Position): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

function moduleAt(starts: ReadonlyArray<readonly [Position, string]>, at: Position): string | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (before(starts[mid][0], at)) {
      found = starts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What a sample counts towards: "pkg zod", "own provider/protocol/tls.js", "node:internal/…", "(gc)". */
function categorizer(scriptDir: string): (frame: ProfileNode['callFrame']) => string {
  const bundles = new Map<string, Array<readonly [Position, string]>>();
  return ({ url, functionName, lineNumber, columnNumber }) => {
    if (url === '') return functionName || '(native)';
    if (url.startsWith('node:')) return url.startsWith('node:internal/modules') ? 'node: module loader' : url;
    let file = url.startsWith('file:') ? fileURLToPath(url) : url;
    // V8 names a script from its code cache by the path the cache was made at (see bundle-loader.ts).
    if (!existsSync(file) && existsSync(join(scriptDir, basename(file))))
      file = join(scriptDir, basename(file));
    if (!bundles.has(file)) bundles.set(file, existsSync(file) ? moduleStarts(file) : []);
    const starts = bundles.get(file) ?? [];
    const module = starts.length > 0 ? moduleAt(starts, [lineNumber, columnNumber]) : file;
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
