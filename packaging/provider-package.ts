/**
 * Where this npm package keeps its Terraform provider executable, and the launcher a
 * mirror uses to run it. Shared by `infomaniak-mail setup-terraform` and by the CDKTF
 * constructs, which install the provider next to each synthesized stack.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Launcher } from './local-mirror';
import { findPackageRoot, type PackageRoot } from './package-root';

export const PACKAGE_NAME = 'infomaniak-mail-access';
const PROVIDER_BIN = path.join('bin', 'terraform-provider-infomaniakmail.js');
const PROVIDER_MAIN = path.join('dist', 'provider', 'terraform-provider-infomaniakmail.js');

/** This package's root and version (works from source and dist). */
export function findThisPackage(start: string = __dirname): PackageRoot {
  return findPackageRoot(PACKAGE_NAME, start);
}

/** What the launcher says to do when the package it runs is gone. */
export const REINSTALL_HINT =
  'Run `npx infomaniak-mail setup-terraform` again where the package is now (for a CDKTF stack: ' +
  'synthesize it again).';

/** Runs the package's provider bin with the current Node.js; fails when it is not built. */
export function providerLauncher(pkg: PackageRoot): Launcher {
  const main = path.join(pkg.root, PROVIDER_MAIN);
  if (!existsSync(main))
    throw new Error(
      `the provider is not built (${PROVIDER_MAIN} is missing in ${pkg.root}); run "npm run build" first`,
    );
  return {
    node: process.execPath,
    script: path.join(pkg.root, PROVIDER_BIN),
    requires: [main],
    whenMissing: REINSTALL_HINT,
  };
}
