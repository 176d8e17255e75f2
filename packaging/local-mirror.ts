/**
 * Makes terraform find a provider offline: an unpacked filesystem mirror holding a
 * launcher for the provider, and a CLI configuration that installs that provider from
 * the mirror (and nothing from the network).
 *
 *   DIR/registry.terraform.io/NS/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION
 *   DIR/terraformrc
 *
 * Terraform runs the launcher, a shell script that execs the real program, so the
 * provider can be a Node.js script anywhere on disk. Terraform hashes the mirror's
 * package contents into `.terraform.lock.hcl`; rewriting the launcher with different
 * content therefore needs `terraform init -upgrade` (or a fresh lock file).
 *
 * A release zip (`npm run release`, or one downloaded from a release page) goes into the
 * same mirror in the packed layout instead, as it is, once it matches its SHA256SUMS:
 *
 *   DIR/registry.terraform.io/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { terraformPlatform } from './platform';

export const DEFAULT_HOSTNAME = 'registry.terraform.io';

export type Launcher =
  /** Run `node` (an absolute path to the interpreter) on a JavaScript entry point. */
  | {
      readonly node: string;
      readonly script: string;
      readonly nodeArgs?: readonly string[];
      /** Other files the program needs (e.g. its build output), checked like `node` and `script`. */
      readonly requires?: readonly string[];
      /**
       * What the launcher's error says to do when one of those files is gone (the directory
       * holding them was moved, re-cloned or deleted since the mirror was written).
       */
      readonly whenMissing?: string;
    }
  /** Exec any program. */
  | { readonly command: string; readonly args?: readonly string[] };

export interface LocalMirrorOptions extends MirrorPackageOptions {
  /** Where to write the CLI configuration; defaults to `DIR/terraformrc`. */
  readonly cliConfigFile?: string;
  /** Other sources also installed from this mirror (e.g. several providers in one mirror). */
  readonly alsoInclude?: readonly string[];
}

export interface LocalMirror {
  readonly dir: string;
  /** Fully qualified source, `registry.terraform.io/ns/type`. */
  readonly source: string;
  readonly version: string;
  readonly osArch: string;
  /** The launcher terraform executes. */
  readonly executable: string;
  /** The CLI configuration file, for `TF_CLI_CONFIG_FILE`. */
  readonly cliConfigFile: string;
  /** The configuration text written there. */
  readonly cliConfig: string;
}

export interface MirrorPackageOptions {
  /** The mirror directory (created if needed). */
  readonly dir: string;
  /** `namespace/type`, or `hostname/namespace/type`. */
  readonly source: string;
  /** Semantic version, e.g. `0.1.0`. */
  readonly version: string;
  /** Defaults to this machine's platform. */
  readonly osArch?: string;
  readonly launcher: Launcher;
  /** Environment variables set by the launcher before it execs the provider. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface MirrorPackage {
  /** Fully qualified source, `registry.terraform.io/ns/type`. */
  readonly source: string;
  readonly osArch: string;
  /** The launcher terraform executes. */
  readonly executable: string;
}

/**
 * Writes one provider package (its launcher) in the unpacked mirror layout. On its own
 * it serves terraform's implied mirror `terraform.d/plugins` of a working directory,
 * which needs no CLI configuration.
 */
export function writeMirrorPackage(opts: MirrorPackageOptions): MirrorPackage {
  const source = qualifySource(opts.source);
  const [hostname, namespace, type] = source.split('/');
  checkVersion(opts.version);
  const osArch = opts.osArch ?? terraformPlatform();
  if (osArch.startsWith('windows_')) throw new Error('The shell launcher does not run on Windows');

  const packageDir = join(resolve(opts.dir), hostname, namespace, type, opts.version, osArch);
  mkdirSync(packageDir, { recursive: true });
  // A release zip of the same version and platform (--from-release earlier) would be a second
  // package terraform has to choose from: the launcher replaces it.
  rmSync(join(dirname(dirname(packageDir)), releaseFileNames(type, opts.version).zip(osArch)), {
    force: true,
  });
  const name = `terraform-provider-${type}_v${opts.version}`;
  const executable = join(packageDir, name);
  const short = hostname === DEFAULT_HOSTNAME ? `${namespace}/${type}` : source;
  const relock = `terraform providers lock -fs-mirror=${shellQuote(resolve(opts.dir))} ${short}`;
  writeFileSync(executable, launcherScript(name, opts.launcher, opts.env ?? {}, relock));
  chmodSync(executable, 0o755);
  return { source, osArch, executable };
}

export function writeLocalMirror(opts: LocalMirrorOptions): LocalMirror {
  const dir = resolve(opts.dir);
  const { source, osArch, executable } = writeMirrorPackage({ ...opts, dir });
  const include = [source, ...(opts.alsoInclude ?? []).map(qualifySource)];
  const cliConfigFile = resolve(opts.cliConfigFile ?? join(dir, 'terraformrc'));
  const cliConfig = cliConfigText(dir, include);
  writeFileSync(cliConfigFile, cliConfig);
  return { dir, source, version: opts.version, osArch, executable, cliConfigFile, cliConfig };
}

// ---------------------------------------------------------------- release zips

/** The files of a release in the Terraform registry's layout, for provider TYPE at VERSION. */
export interface ReleaseFileNames {
  /** `terraform-provider-TYPE_VERSION_OS_ARCH.zip`. */
  zip(osArch: string): string;
  /** The one executable inside a zip: `terraform-provider-TYPE_vVERSION` (`.exe` on Windows). */
  executable(osArch: string): string;
  readonly sums: string;
  /** Detached OpenPGP signature of the sums. */
  readonly signature: string;
  readonly manifest: string;
}

export function releaseFileNames(type: string, version: string): ReleaseFileNames {
  const base = `terraform-provider-${type}_${version}`;
  return {
    zip: (osArch) => `${base}_${osArch}.zip`,
    executable: (osArch) =>
      `terraform-provider-${type}_v${version}${osArch.startsWith('windows_') ? '.exe' : ''}`,
    sums: `${base}_SHA256SUMS`,
    signature: `${base}_SHA256SUMS.sig`,
    manifest: `${base}_manifest.json`,
  };
}

export const sha256OfFile = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

/** `sha256sum` output (`HEX  NAME`, or `HEX *NAME` for binary mode): file name to digest. */
export function parseSha256Sums(text: string, file: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`${file}, line ${i + 1}: not a sha256sum line ("HEX  NAME")`);
    sums.set(m[2], m[1].toLowerCase());
  }
  return sums;
}

export interface ReleaseMirrorOptions {
  /** The mirror directory (created if needed). */
  readonly dir: string;
  /** `namespace/type`, or `hostname/namespace/type`. */
  readonly source: string;
  /** A directory holding one release of the provider: its zips and its SHA256SUMS. */
  readonly releaseDir: string;
  /** Defaults to this machine's platform. */
  readonly osArch?: string;
  /** Where to write the CLI configuration; defaults to `DIR/terraformrc`. */
  readonly cliConfigFile?: string;
}

export interface ReleaseMirror extends Omit<LocalMirror, 'executable'> {
  /** The zip as the mirror holds it (packed layout). */
  readonly archive: string;
}

/**
 * Puts the release zip for this platform from `releaseDir` into the mirror, as it is, after
 * checking it against the release's SHA256SUMS, and writes the CLI configuration.
 */
export function writeReleaseMirror(opts: ReleaseMirrorOptions): ReleaseMirror {
  const dir = resolve(opts.dir);
  const source = qualifySource(opts.source);
  const [hostname, namespace, type] = source.split('/');
  const osArch = opts.osArch ?? terraformPlatform();
  const releaseDir = resolve(opts.releaseDir);
  const version = releaseVersion(releaseDir, type);
  const names = releaseFileNames(type, version);
  const zip = join(releaseDir, names.zip(osArch));
  const sumsFile = join(releaseDir, names.sums);
  if (!existsSync(zip))
    throw new Error(`${zip} is missing: the release in ${releaseDir} has no build for ${osArch}`);
  const expected = parseSha256Sums(readFileSync(sumsFile, 'utf8'), sumsFile).get(names.zip(osArch));
  if (!expected) throw new Error(`${sumsFile} lists no checksum for ${names.zip(osArch)}`);
  const actual = sha256OfFile(zip);
  if (actual !== expected)
    throw new Error(
      `${zip} does not match its checksum in ${sumsFile} (expected ${expected}, got ${actual}): ` +
        'it is damaged or not the file the release was made with; fetch it again',
    );

  const typeDir = join(dir, hostname, namespace, type);
  mkdirSync(typeDir, { recursive: true });
  const archive = join(typeDir, names.zip(osArch));
  // Renamed into place: terraform reading the mirror meanwhile sees the old zip or the new one.
  const tmp = `${archive}.tmp-${process.pid}`;
  copyFileSync(zip, tmp);
  renameSync(tmp, archive);
  // A launcher of the same version and platform (setup-terraform without --from-release).
  rmSync(join(typeDir, version, osArch), { recursive: true, force: true });
  const cliConfigFile = resolve(opts.cliConfigFile ?? join(dir, 'terraformrc'));
  const cliConfig = cliConfigText(dir, [source]);
  writeFileSync(cliConfigFile, cliConfig);
  return { dir, source, version, osArch, archive, cliConfigFile, cliConfig };
}

/** The version of the one release in `releaseDir`, from its SHA256SUMS file's name. */
function releaseVersion(releaseDir: string, type: string): string {
  if (!existsSync(releaseDir)) throw new Error(`The release directory ${releaseDir} does not exist`);
  const pattern = new RegExp(`^terraform-provider-${type}_(.+)_SHA256SUMS$`);
  const versions = readdirSync(releaseDir).flatMap((f) => pattern.exec(f)?.[1] ?? []);
  if (versions.length === 0)
    throw new Error(
      `${releaseDir} holds no terraform-provider-${type}_VERSION_SHA256SUMS: it is not a release ` +
        `of terraform-provider-${type} (npm run release writes one into release/)`,
    );
  if (versions.length > 1)
    throw new Error(
      `${releaseDir} holds several releases (${versions.sort().join(', ')}): point at a directory with one`,
    );
  checkVersion(versions[0]);
  return versions[0];
}

function checkVersion(version: string): void {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`Invalid provider version "${version}": expected MAJOR.MINOR.PATCH`);
}

export function qualifySource(source: string): string {
  const parts = source.split('/');
  const valid = /^[a-z0-9][a-z0-9-]*$/;
  if (parts.length === 2) parts.unshift(DEFAULT_HOSTNAME);
  if (parts.length !== 3 || !parts.slice(1).every((p) => valid.test(p.toLowerCase())))
    throw new Error(
      `Invalid provider source "${source}": expected namespace/type or hostname/namespace/type`,
    );
  return parts.map((p) => p.toLowerCase()).join('/');
}

/**
 * Installation from the mirror for our providers; everything else goes direct (the
 * registry), so a configuration using other providers still works where a network is.
 */
export function cliConfigText(mirrorDir: string, include: readonly string[]): string {
  const list = include.map((s) => JSON.stringify(s)).join(', ');
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(mirrorDir)}`,
    `    include = [${list}]`,
    '  }',
    '  direct {',
    `    exclude = [${list}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

function hclString(s: string): string {
  // HCL strings use JSON escapes, plus `${` and `%{` start templates.
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** `relock`: the command that records the checksum of a rewritten launcher in terraform's lock file. */
function launcherScript(
  name: string,
  launcher: Launcher,
  env: Readonly<Record<string, string>>,
  relock: string,
): string {
  const argv =
    'node' in launcher
      ? [absolute(launcher.node, 'node'), ...(launcher.nodeArgs ?? []), absolute(launcher.script, 'script')]
      : [launcher.command, ...(launcher.args ?? [])];
  const exports = Object.entries(env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`Invalid environment variable name "${k}"`);
    return `export ${k}=${shellQuote(v)}`;
  });
  return [
    '#!/bin/sh',
    '# Written by writeLocalMirror: runs the provider for terraform.',
    ...exports,
    ...('node' in launcher ? missingCheck(name, launcher, relock) : []),
    `exec ${argv.map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

/**
 * The launcher names its files by absolute path: moved away, they would fail as a bare
 * "not found" (or a Node.js stack) that terraform reports as a plugin that did not start.
 * The explanation goes to stderr, and as one line to stdout unless that is a terminal:
 * terraform shows a plugin's first line of stdout ("Unrecognized remote plugin message"),
 * never its stderr.
 */
function missingCheck(name: string, launcher: Extract<Launcher, { node: string }>, relock: string): string[] {
  const files = [
    launcher.node,
    launcher.script,
    ...(launcher.requires ?? []).map((f) => absolute(f, 'file')),
  ];
  // printf's format: our text with its own % and \ escaped, the missing file as the one %s.
  const text = (t: string) => t.replace(/\\/g, '\\\\').replace(/%/g, '%%');
  const lines = [
    `${text(name)}: %s is missing.`,
    'This launcher, in a Terraform provider mirror, starts the provider from that absolute path: the ' +
      'directory holding it was moved, re-cloned or deleted (or not built) since the mirror was written.',
    text(launcher.whenMissing ?? 'Write the mirror again from where the provider is now.'),
    // Same version, new content: `terraform init -upgrade` still checks the old checksum.
    text(
      `If it moved, the new launcher has another checksum: record it with \`${relock}\` before \`terraform init\`.`,
    ),
  ];
  return [
    `for f in ${files.map(shellQuote).join(' ')}; do`,
    '  if [ ! -e "$f" ]; then',
    `    printf ${shellQuote(`${lines.join('\\n')}\\n`)} "$f" >&2`,
    `    [ -t 1 ] || printf ${shellQuote(`${lines.join(' ')}\\n`)} "$f"`,
    '    exit 1',
    '  fi',
    'done',
  ];
}

function absolute(path: string, what: string): string {
  if (!isAbsolute(path)) throw new Error(`The launcher's ${what} must be an absolute path, got "${path}"`);
  return path;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
