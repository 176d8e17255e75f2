/**
 * How this npm package puts its Terraform provider where terraform finds it: a local
 * mirror (setup-terraform, test harnesses) or a stack's implied mirror (the CDKTF
 * constructs). It never runs at plan or apply time and imports only Node.js, so both
 * provider/cli and src/ may use it.
 */
export {
  writeLocalMirror,
  writeMirrorPackage,
  qualifySource,
  cliConfigText,
  shellQuote,
  DEFAULT_HOSTNAME,
} from './local-mirror';
export type {
  Launcher,
  LocalMirror,
  LocalMirrorOptions,
  MirrorPackage,
  MirrorPackageOptions,
} from './local-mirror';
export { terraformPlatform } from './platform';
export { findPackageRoot, type PackageRoot } from './package-root';
export { findThisPackage, providerLauncher, PACKAGE_NAME } from './provider-package';
