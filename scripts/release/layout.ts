/**
 * What the Terraform registry reads beside a release's zips: the manifest (which protocol
 * the provider speaks), one SHA256SUMS listing every zip and the manifest, and its detached
 * signature. Works over whatever zips of the version the directory holds, so the release
 * workflow can gather the zips of every platform into one directory and sign them once.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { releaseFileNames, sha256OfFile } from '../../packaging/local-mirror';
import { signDetached, type SigningResult } from './signing';

export const PROVIDER_TYPE = 'infomaniakmail';

/** The registry's manifest format: this provider speaks protocol 6.0 only. */
export const MANIFEST = { version: 1, metadata: { protocol_versions: ['6.0'] } } as const;

export const publicKeyFileName = (version: string): string =>
  `terraform-provider-${PROVIDER_TYPE}_${version}_signing-key.asc`;

export interface SignedLayout {
  readonly manifest: string;
  readonly sums: string;
  readonly signature: string;
  /** The zips the sums list, by file name. */
  readonly zips: readonly string[];
  readonly signing: SigningResult;
}

export async function writeSignedLayout(
  outDir: string,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SignedLayout> {
  const names = releaseFileNames(PROVIDER_TYPE, version);
  const zipPattern = new RegExp(
    `^terraform-provider-${PROVIDER_TYPE}_${version.replace(/\./g, '\\.')}_[a-z0-9]+_[a-z0-9]+\\.zip$`,
  );
  const zips = readdirSync(outDir)
    .filter((f) => zipPattern.test(f))
    .sort();
  if (zips.length === 0)
    throw new Error(`${outDir} holds no terraform-provider-${PROVIDER_TYPE}_${version}_OS_ARCH.zip`);
  const manifest = join(outDir, names.manifest);
  writeFileSync(manifest, `${JSON.stringify(MANIFEST)}\n`);
  const sums = join(outDir, names.sums);
  // sha256sum's own format (two spaces: text mode), so `sha256sum -c` checks it as it is.
  const listed = [...zips, names.manifest].sort();
  writeFileSync(sums, listed.map((f) => `${sha256OfFile(join(outDir, f))}  ${f}\n`).join(''));
  const signature = join(outDir, names.signature);
  const signing = await signDetached({
    file: sums,
    signatureFile: signature,
    publicKeyFile: join(outDir, publicKeyFileName(version)),
    env,
  });
  return { manifest, sums, signature, zips, signing };
}
