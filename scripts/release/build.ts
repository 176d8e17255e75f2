/**
 * A release of the provider for this machine's platform, in the Terraform registry's layout
 * (`npm run release`, scripts/release/main.ts):
 *
 *   terraform-provider-infomaniakmail_VERSION_OS_ARCH.zip   the executable, LICENSE, THIRD_PARTY_NOTICES
 *   terraform-provider-infomaniakmail_VERSION_manifest.json
 *   terraform-provider-infomaniakmail_VERSION_SHA256SUMS
 *   terraform-provider-infomaniakmail_VERSION_SHA256SUMS.sig
 *   terraform-provider-infomaniakmail_VERSION_signing-key.asc  the signing key's public half
 *
 * Built from dist/ as `npm run build` left it; VERSION is package.json's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { releaseFileNames } from '../../packaging/local-mirror';
import { terraformPlatform } from '../../packaging/platform';
import { zipEntries, releaseMtime } from './archive';
import { buildExecutable } from './executable';
import { PROVIDER_TYPE, writeSignedLayout, type SignedLayout } from './layout';
import { releaseNotices } from './notices';

export interface ReleaseOptions {
  /** The repository root: package.json, LICENSE, node_modules and a built dist/. */
  readonly repoRoot: string;
  /** Where the release goes (created if needed); files of the same names are replaced. */
  readonly outDir: string;
  /** Where the signing key and SOURCE_DATE_EPOCH come from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The Node.js binary to embed (default the pinned release Node); the platform it runs on. */
  readonly node?: string;
  readonly osArch?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

export interface Release extends SignedLayout {
  readonly version: string;
  readonly osArch: string;
  readonly outDir: string;
  readonly zip: string;
  /** The executable's name inside the zip. */
  readonly executableName: string;
  readonly executableBytes: number;
  readonly zipBytes: number;
  readonly nodeVersion: string;
}

export async function buildRelease(opts: ReleaseOptions): Promise<Release> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  const repoRoot = resolve(opts.repoRoot);
  const outDir = resolve(opts.outDir);
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const osArch = opts.osArch ?? terraformPlatform();
  const names = releaseFileNames(PROVIDER_TYPE, version);
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'release-'));
  try {
    log(`bundling the provider and building the single executable (${osArch})...`);
    const exe = await buildExecutable({
      repoRoot,
      outFile: join(work, names.executable(osArch)),
      workDir: work,
      node: opts.node,
    });
    log(`zipping ${names.zip(osArch)}...`);
    const notices = releaseNotices(exe.metafile, repoRoot, exe.node);
    const zip = join(outDir, names.zip(osArch));
    writeFileSync(
      zip,
      zipEntries(
        [
          { name: names.executable(osArch), data: readFileSync(exe.path), mode: 0o755 },
          { name: 'LICENSE', data: readFileSync(join(repoRoot, 'LICENSE')), mode: 0o644 },
          { name: 'THIRD_PARTY_NOTICES', data: Buffer.from(notices), mode: 0o644 },
        ],
        releaseMtime(env),
      ),
    );
    log('writing the manifest and SHA256SUMS, and signing them...');
    const layout = await writeSignedLayout(outDir, version, env);
    return {
      ...layout,
      version,
      osArch,
      outDir,
      zip,
      executableName: names.executable(osArch),
      executableBytes: exe.bytes,
      zipBytes: statSync(zip).size,
      nodeVersion: exe.node.version,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
