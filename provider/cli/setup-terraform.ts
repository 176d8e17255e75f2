/**
 * `infomaniak-mail setup-terraform [--dir DIR] [--from-release RELEASE_DIR]` (DESIGN.md §8):
 * installs this package's provider into a local filesystem mirror, so `terraform init` works
 * offline in any directory whose configuration requires `mailaccess/infomaniakmail`. By
 * default the mirror runs the provider through Node.js from this package; with
 * --from-release it holds the release's single-file executable instead (no Node.js needed).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  findThisPackage,
  providerLauncher,
  shellQuote,
  writeLocalMirror,
  type Launcher,
  type LocalMirror,
  type PackageRoot,
} from '../../packaging';
import { writeReleaseMirror, type ReleaseMirror } from '../../packaging/local-mirror';
import { withUsageErrors, type Command } from './command';

export const PROVIDER_SOURCE = 'mailaccess/infomaniakmail';
export const DEFAULT_SETUP_DIR = '.infomaniak-mail';

const help = `Usage: infomaniak-mail setup-terraform [--dir DIR] [--from-release RELEASE_DIR]

Puts this package's Terraform provider (${PROVIDER_SOURCE}) into a local
filesystem mirror under DIR (default ${DEFAULT_SETUP_DIR}/), writes DIR/terraformrc,
and prints the line that points terraform at it:

  export TF_CLI_CONFIG_FILE=DIR/terraformrc

After that, "terraform init" installs the provider offline in any directory whose
configuration has

  terraform {
    required_providers {
      infomaniakmail = { source = "${PROVIDER_SOURCE}" }
    }
  }

Running it again is harmless. After upgrading this package, run it again and
then "terraform init -upgrade".

By default the mirror starts the provider with Node.js from this package. With
--from-release, it holds instead the release zip for this platform from
RELEASE_DIR (what "npm run release" writes into release/, or the files of a
release page): a single executable that needs no Node.js, the same binary
everywhere. The zip must match RELEASE_DIR's SHA256SUMS; check that file's
signature (SHA256SUMS.sig) with gpg yourself. Switching between the launcher and
a release changes the provider's checksum: run "terraform init -upgrade" after.

Options:
  --dir DIR                   where to put the mirror and terraformrc (default ${DEFAULT_SETUP_DIR})
  --from-release RELEASE_DIR  install the release's executable instead of the Node.js launcher
  -h, --help                  show this help
`;

export interface SetupTerraformOptions {
  /** Mirror directory; default `.infomaniak-mail` in the current directory. */
  readonly dir?: string;
  /** Run something else than the package's provider bin (test harnesses wrap it). */
  readonly launcher?: Launcher;
  /** Environment the launcher sets before starting the provider. */
  readonly env?: Readonly<Record<string, string>>;
  readonly pkg?: PackageRoot;
}

/** Writes the mirror and the CLI configuration; returns where they are. */
export function setupTerraform(options: SetupTerraformOptions = {}): LocalMirror {
  const pkg = options.pkg ?? findThisPackage();
  return writeLocalMirror({
    dir: path.resolve(options.dir ?? DEFAULT_SETUP_DIR),
    source: PROVIDER_SOURCE,
    version: pkg.version,
    launcher: options.launcher ?? providerLauncher(pkg),
    env: options.env,
  });
}

/** Puts the release zip for this platform from `releaseDir` into the mirror instead of the launcher. */
export function setupTerraformFromRelease(releaseDir: string, dir?: string): ReleaseMirror {
  return writeReleaseMirror({
    dir: path.resolve(dir ?? DEFAULT_SETUP_DIR),
    source: PROVIDER_SOURCE,
    releaseDir,
  });
}

export const setupTerraformCommand: Command = {
  name: 'setup-terraform',
  summary: 'install the Terraform provider into a local mirror for offline "terraform init"',
  help,
  async run(argv, io) {
    const { values } = withUsageErrors('setup-terraform', () =>
      parseArgs({
        args: argv,
        options: {
          dir: { type: 'string' },
          'from-release': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }),
    );
    if (values.help) {
      io.stdout(help);
      return 0;
    }
    const release = values['from-release'];
    const mirror = release
      ? setupTerraformFromRelease(release, values.dir)
      : setupTerraform({ dir: values.dir });
    io.stderr(
      `Installed ${mirror.source} ${mirror.version} (${mirror.osArch}) into ${mirror.dir}.\n` +
        'Point terraform at it (add this to your shell profile or CI environment):\n',
    );
    io.stdout(`export TF_CLI_CONFIG_FILE=${shellQuote(mirror.cliConfigFile)}\n`);
    return 0;
  },
};
