/**
 * `npm run release [-- --out DIR] [-- --sums-only]`: builds the release for this machine's
 * platform into release/ (scripts/release/build.ts says what it holds, signing.ts where the
 * signing key comes from). `--sums-only` builds nothing: it writes the manifest, SHA256SUMS
 * and signature over the zips DIR already holds (the release workflow gathers the zips of
 * every platform into one directory, then signs once).
 */
import { statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findThisPackage } from '../../packaging/provider-package';
import { buildRelease } from './build';
import { writeSignedLayout, type SignedLayout } from './layout';

const MB = (bytes: number): string =>
  bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : bytes >= 1e3
      ? `${(bytes / 1e3).toFixed(1)} kB`
      : `${bytes} B`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'sums-only': { type: 'boolean' } },
    strict: true,
  });
  const pkg = findThisPackage(__dirname);
  const outDir = values.out ?? join(pkg.root, 'release');
  const shown = (f: string): string => relative(process.cwd(), f) || '.';
  const started = Date.now();
  let layout: SignedLayout;
  if (values['sums-only']) {
    layout = await writeSignedLayout(outDir, pkg.version);
  } else {
    const release = await buildRelease({
      repoRoot: pkg.root,
      outDir,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    layout = release;
    process.stdout.write(
      `\n${release.executableName}: ${MB(release.executableBytes)}, Node.js ${release.nodeVersion} ` +
        `inside (answered the handshake with no Node.js on PATH)\n`,
    );
  }
  process.stdout.write(
    `\nrelease ${pkg.version} in ${shown(outDir)}/ (${((Date.now() - started) / 1000).toFixed(0)} s):\n`,
  );
  for (const f of [
    ...layout.zips.map((z) => join(outDir, z)),
    layout.manifest,
    layout.sums,
    layout.signature,
    layout.signing.publicKeyFile,
  ])
    process.stdout.write(`  ${basename(f).padEnd(60)} ${MB(statSync(f).size).padStart(9)}\n`);
  const { fingerprint, throwaway } = layout.signing;
  process.stdout.write(
    throwaway
      ? `\nNo signing key was set (RELEASE_GPG_PRIVATE_KEY or RELEASE_GPG_KEY_ID): signed with a throwaway key, ` +
          `${fingerprint}, made for this release and deleted. Its public half is ` +
          `${shown(layout.signing.publicKeyFile)}; the signature proves only that the sums were not changed since.\n`
      : `\nSigned with ${fingerprint}; its public half is ${shown(layout.signing.publicKeyFile)}.\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`npm run release: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
