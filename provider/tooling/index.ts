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
