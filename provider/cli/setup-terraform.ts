/**
 * `infomaniak-mail setup-terraform [--dir DIR]` (DESIGN.md §8): installs this package's
 * provider into a local filesystem mirror, so `terraform init` works offline in any
 * directory whose configuration requires `mailaccess/infomaniakmail`.
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
import { withUsageErrors, type Command } from './command';

export const PROVIDER_SOURCE = 'mailaccess/infomaniakmail';
export const DEFAULT_SETUP_DIR = '.infomaniak-mail';

const help = `Usage: infomaniak-mail setup-terraform [--dir DIR]

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

Options:
  --dir DIR    where to put the mirror and terraformrc (default ${DEFAULT_SETUP_DIR})
  -h, --help   show this help
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

export const setupTerraformCommand: Command = {
  name: 'setup-terraform',
  summary: 'install the Terraform provider into a local mirror for offline "terraform init"',
  help,
  async run(argv, io) {
    const { values } = withUsageErrors('setup-terraform', () =>
      parseArgs({
        args: argv,
        options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
      }),
    );
    if (values.help) {
      io.stdout(help);
      return 0;
    }
    const mirror = setupTerraform({ dir: values.dir });
    io.stderr(
      `Installed ${mirror.source} ${mirror.version} (${mirror.osArch}) into ${mirror.dir}.\n` +
        'Point terraform at it (add this to your shell profile or CI environment):\n',
    );
    io.stdout(`export TF_CLI_CONFIG_FILE=${shellQuote(mirror.cliConfigFile)}\n`);
    return 0;
  },
};
