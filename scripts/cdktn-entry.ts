/**
 * The build step that gives cdktn apps their own entry point, `infomaniak-mail-access/cdktn`:
 * dist/cdktn/ is dist/src/ (tsc's output of the constructs and their generated bindings)
 * with every module specifier "cdktf" made "cdktn", in the JavaScript and the declarations.
 *
 * Why a second tree rather than npm overrides: an app on cdktn holds cdktn's App, stacks
 * and tokens; constructs built against cdktf would call into a second framework that knows
 * none of them. cdktn (the community continuation of cdktf) keeps cdktf's API and its
 * synthesis hooks (the `cdktf/customSynthesis` symbol included), so the same sources serve
 * both; only the package they import differs. Both trees import the one `constructs`.
 *
 * dist/cdktn/ sits beside dist/src/, at the same depth, so relative imports that leave the
 * tree (`../packaging`) reach the same files. "cdktf" and "cdktn" are the same length: the
 * source maps stay exact.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

const FROM = 'cdktf';
const TO = 'cdktn';

/** `require("cdktf")`, `from 'cdktf'`, `import("cdktf/lib/x")`, `import 'cdktf'`: a module specifier. */
const specifierOf = (pkg: string): RegExp =>
  new RegExp(String.raw`(\brequire\(\s*|\bfrom\s+|\bimport\(\s*|\bimport\s+)(['"])${pkg}(/[^'"]*)?\2`, 'g');

/** The text with its "cdktf" module specifiers made "cdktn"; anything else stays as it is. */
export function retarget(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const out = text.replace(specifierOf(FROM), (_m, lead: string, quote: string, sub: string | undefined) => {
    replaced++;
    return `${lead}${quote}${TO}${sub ?? ''}${quote}`;
  });
  return { text: out, replaced };
}

export interface CdktnEntry {
  readonly files: number;
  /** Module specifiers changed from "cdktf" to "cdktn". */
  readonly replaced: number;
}

/** Writes DIST/cdktn from DIST/src, afresh: .js and .d.ts retargeted, source maps copied. */
export function emitCdktnEntry(distDir: string): CdktnEntry {
  const source = join(distDir, 'src');
  const target = join(distDir, 'cdktn');
  if (!existsSync(join(source, 'index.js')))
    throw new Error(`${source} has no index.js: run tsc (npm run build) first`);
  // Afresh: a module removed from src/ must not linger in the cdktn entry.
  rmSync(target, { recursive: true, force: true });
  let files = 0;
  let replaced = 0;
  for (const file of walk(source)) {
    const to = join(target, relative(source, file));
    mkdirSync(dirname(to), { recursive: true });
    if (file.endsWith('.js') || file.endsWith('.d.ts')) {
      const result = retarget(readFileSync(file, 'utf8'));
      const left = result.text.match(specifierOf(FROM));
      if (left) throw new Error(`${file}: ${left.join(', ')} still imports ${FROM}`);
      writeFileSync(to, result.text);
      replaced += result.replaced;
    } else if (file.endsWith('.js.map')) copyFileSync(file, to);
    else continue;
    files++;
  }
  // The bindings and the constructs import cdktf: an entry that changed nothing is a broken one.
  if (replaced === 0) throw new Error(`no module of ${source} imports ${FROM}: nothing to retarget`);
  return { files, replaced };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

if (require.main === module) {
  const dist = join(__dirname, '..');
  const { files, replaced } = emitCdktnEntry(dist);
  console.log(`wrote dist/cdktn/ (${files} files, ${replaced} imports of ${FROM} now ${TO})`);
}
