/**
 * THIRD_PARTY_NOTICES for a bundled executable: every npm package whose files esbuild put
 * into the bundle (its metafile's inputs), with its version, licence and full licence text,
 * generated at build time so it cannot drift from what is shipped. The build fails when a
 * bundled package's licence is missing or is not one the project may redistribute under
 * (scripts/licence-notices-spdx.ts says which are).
 *
 * `npm run build` writes dist/provider/THIRD_PARTY_NOTICES for the provider bundle
 * (scripts/bundle-provider.ts); the release zip carries the one of its own bundle.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Metafile } from 'esbuild';
import { judgeLicence, NotSpdxError, type Judgement } from './licence-notices-spdx';

/** The GNU GPL version 3, which the LGPL incorporates and section 4(b) asks to ship with it. */
export const GPL_3_TEXT_FILE = join('scripts', 'licence-notices.GPL-3.0.txt');

const LICENCE_FILE = /^(licen[cs]e|copying)/i;
const NOTICE_FILE = /^notice/i;
const RULE = '='.repeat(80);

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly license?: string | { readonly type?: string };
  readonly licenses?: readonly { readonly type?: string }[];
  readonly repository?: string | { readonly url?: string };
  readonly homepage?: string;
}

interface Bundled {
  readonly name: string;
  readonly version: string;
  /** The package.json `license` as written. */
  readonly licence: string;
  readonly judgement: Judgement;
  /** Licence and notice files: name and text. */
  readonly texts: readonly (readonly [string, string])[];
  readonly source?: string;
  /** The tarball the build installed: the lock's `resolved`, else the npm registry's address for it. */
  readonly tarball: string;
  /** The lock's checksum of that tarball. */
  readonly integrity?: string;
  /** Relative to the repository root, forward slashes. */
  readonly dir: string;
}

/** The directories of the packages whose files `metafile` holds, relative to `repoRoot`. */
export function bundledPackageDirs(metafile: Metafile, repoRoot: string): string[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    // Paths are relative to esbuild's working directory, the repository root at build time.
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0 || at + 1 >= parts.length) continue;
    const end = parts[at + 1].startsWith('@') ? at + 3 : at + 2;
    if (end > parts.length) continue;
    const abs = resolve(repoRoot, parts.slice(0, end).join(sep));
    dirs.add(relative(repoRoot, abs).split(sep).join('/'));
  }
  return [...dirs].sort();
}

/**
 * The notices text for the packages bundled in `metafile`, whose input paths are relative
 * to `repoRoot` (the directory holding package.json, package-lock.json and node_modules).
 * Throws, naming the package and what to do, when one may not be shipped.
 */
export function licenceNotices(metafile: Metafile, repoRoot: string): string {
  const project = readJson<PackageJson>(join(repoRoot, 'package.json'), 'this project');
  if (typeof project.license !== 'string')
    throw new Error(`${join(repoRoot, 'package.json')} has no licence: set its "license" field`);
  const lock = readLock(repoRoot);
  const byId = new Map<string, Bundled>();
  for (const dir of bundledPackageDirs(metafile, repoRoot)) {
    const pkg = describe(repoRoot, dir, lock);
    const id = `${pkg.name}@${pkg.version}`;
    // Two copies of one version (hoisted and nested) are one notice.
    if (!byId.has(id)) byId.set(id, pkg);
  }
  const packages = [...byId.values()].sort(
    (a, b) => compare(a.name, b.name) || compare(a.version, b.version),
  );
  const weak = packages.filter((p) => p.judgement.verdict === 'weak-copyleft');
  const out = [
    `THIRD-PARTY NOTICES for ${project.name}@${project.version}`,
    '',
    `This program is ${project.name}, licensed under ${project.license} (the LICENSE file beside this one;`,
    'the MPL-2.0 is also at https://mozilla.org/MPL/2.0/). It bundles the npm packages below, each under',
    'its own licence, whose terms and notices follow. This file is generated at build time from the',
    'packages the bundle holds (scripts/licence-notices.ts).',
    '',
    `Bundled packages (${packages.length}):`,
    ...packages.map((p) => `  ${p.name}@${p.version}  ${p.licence}`),
    '',
  ];
  if (weak.length > 0) out.push(...weakCopyleftNotice(weak, project), '');
  for (const p of packages) out.push(...renderPackage(p));
  if (weak.length > 0 && !weak.some((p) => p.texts.some(([, t]) => isGpl3(t))))
    out.push(
      RULE,
      'The GNU General Public License, version 3, which the GNU LGPL version 3 incorporates',
      RULE,
      '',
      readFileSync(join(repoRoot, GPL_3_TEXT_FILE), 'utf8').trimEnd(),
      '',
    );
  return `${out.join('\n').trimEnd()}\n`;
}

/** Writes the notices of `metafile`'s bundle to `file`; returns the text. */
export function writeLicenceNotices(metafile: Metafile, repoRoot: string, file: string): string {
  const text = licenceNotices(metafile, repoRoot);
  writeFileSync(file, text);
  return text;
}

function describe(repoRoot: string, dir: string, lock: LockPackages): Bundled {
  const abs = join(repoRoot, dir);
  const json = readJson<PackageJson>(join(abs, 'package.json'), `the bundled package in ${dir}`);
  const name = json.name ?? dir.replace(/^.*node_modules\//, '');
  const version = json.version ?? '(no version)';
  const who = `Bundled package ${name}@${version} (${dir})`;
  const keepOut =
    'Keep it out of the bundle (mark it external and load it at run time, as LAZY_PACKAGES in ' +
    'scripts/bundle-provider.ts does, or stop importing it from the provider) or replace it';
  const licence = licenceField(json);
  if (!licence)
    throw new Error(
      `${who} has no licence field in its package.json, so the project cannot tell whether it may ` +
        `ship it. ${keepOut}, or ask its authors to declare its licence.`,
    );
  let judgement: Judgement;
  try {
    judgement = judgeLicence(licence);
  } catch (err) {
    if (!(err instanceof NotSpdxError)) throw err;
    throw new Error(
      `${who}: its licence ${err.message}, so the project cannot tell whether it may ship it. ` +
        `${keepOut}, or read its terms and, if they allow redistribution, add it to the allow-list ` +
        'in scripts/licence-notices-spdx.ts with the reason.',
    );
  }
  if (judgement.verdict === 'rejected')
    throw new Error(
      `${who} is licensed ${licence}, and ${judgement.refused.join(', ')} is not one this project can ` +
        'redistribute in its executable (the allowed ones are in scripts/licence-notices-spdx.ts). ' +
        `${keepOut} (a development tool must never be imported by bundled code).`,
    );
  const files = readdirSync(abs).filter(
    (f) => (LICENCE_FILE.test(f) || NOTICE_FILE.test(f)) && statSync(join(abs, f)).isFile(),
  );
  const texts = files
    .sort(compare)
    .map(
      (f) =>
        [
          f,
          readFileSync(join(abs, f), 'utf8')
            .replace(/\r\n/g, '\n')
            .replace(/^([ \t]*\n)+/, '')
            .trimEnd(),
        ] as const,
    )
    .filter(([, text]) => text.length > 0);
  if (!texts.some(([f]) => LICENCE_FILE.test(f)))
    throw new Error(
      `${who} ships no licence text (no non-empty LICENSE*, LICENCE* or COPYING* file in ${dir}), ` +
        `and the notices must carry the full text of ${licence}. ${keepOut}, or ask its authors ` +
        'to publish the licence text with the package.',
    );
  const source = sourceOf(json);
  if (judgement.verdict === 'weak-copyleft' && !source)
    throw new Error(
      `${who} is licensed ${licence}, which the project may bundle only with a pointer to the ` +
        `library's source, and its package.json names no repository or homepage. ${keepOut}.`,
    );
  const locked = lock[dir];
  const tarball =
    locked?.resolved ??
    `https://registry.npmjs.org/${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
  return { name, version, licence, judgement, texts, source, tarball, integrity: locked?.integrity, dir };
}

function licenceField(json: PackageJson): string | undefined {
  if (typeof json.license === 'string') return json.license.trim() || undefined;
  if (json.license && typeof json.license.type === 'string') return json.license.type;
  // The deprecated list form: every licence listed applies (read strictly, as AND).
  const listed = (json.licenses ?? []).map((l) => l.type).filter((t): t is string => !!t);
  return listed.length > 0 ? listed.map((t) => `(${t})`).join(' AND ') : undefined;
}

function sourceOf(json: PackageJson): string | undefined {
  const repo = typeof json.repository === 'string' ? json.repository : json.repository?.url;
  if (repo) return repo.replace(/^git\+/, '').replace(/^github:/, 'https://github.com/');
  return json.homepage;
}

function renderPackage(p: Bundled): string[] {
  const under = p.judgement.used.join(' AND ');
  const lines = [
    RULE,
    `${p.name}@${p.version}`,
    `Licence: ${p.licence}${under !== p.licence ? ` (used under ${under})` : ''}`,
  ];
  if (p.judgement.verdict === 'weak-copyleft') {
    lines.push(`Source: ${p.source} (version ${p.version})`, `Package: ${p.tarball}`);
    if (p.integrity) lines.push(`Integrity: ${p.integrity}`);
  } else if (p.source) lines.push(`Source: ${p.source}`);
  lines.push(RULE, '');
  for (const [file, text] of p.texts) lines.push(`----- ${file} -----`, '', text, '');
  return lines;
}

/** What the LGPL version 3, section 4, asks of a Combined Work, in plain words (see the spdx module). */
function weakCopyleftNotice(weak: readonly Bundled[], project: PackageJson): string[] {
  const names = weak.map((p) => `${p.name}@${p.version}`).join(', ');
  const tag = `v${project.version}`;
  return [
    RULE,
    'Libraries under the GNU Lesser General Public License version 3',
    RULE,
    '',
    `This program uses ${names}, covered by the GNU LGPL version 3 (or later where its`,
    'licence says so): the program is a Combined Work with it in the sense of that licence.',
    'The LGPL text and the GNU GPL version 3 text it incorporates are in this file. Nothing in',
    "this program's terms restricts modifying those libraries or reverse engineering for",
    'debugging such modifications.',
    '',
    '- The source of each library, at the version bundled, is where its entry below points',
    '  ("Source"; "Package" is the exact package the build used, "Integrity" its checksum).',
    `- To run this program with a modified library: take this program's source at tag ${tag}`,
    `  (the source archive on the release page of ${project.name} ${project.version}), put the`,
    '  modified library at node_modules/<name> after `npm ci`, and build the program again with',
    '  `npm run release`.',
  ];
}

type LockPackages = Record<string, { readonly resolved?: string; readonly integrity?: string } | undefined>;

function readLock(repoRoot: string): LockPackages {
  const file = join(repoRoot, 'package-lock.json');
  if (!existsSync(file)) return {};
  return readJson<{ packages?: LockPackages }>(file, 'the lock').packages ?? {};
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot read ${file} (${what}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

function isGpl3(text: string): boolean {
  return /^\s*GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/.test(text);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
