/**
 * `infomaniak-mail <command>`: the package's command line. Add a command by
 * writing a `Command` and listing it in `commands`.
 */
import { UsageError, type CliIO, type Command } from './command';
import { decryptCommand } from './decrypt';
import { doctorCommand } from './doctor';
import { reportCommand } from './report';
import { sandboxCommand } from './sandbox';
import { findThisPackage } from '../../packaging';
import { setupTerraformCommand } from './setup-terraform';

export const commands: readonly Command[] = [
  sandboxCommand,
  setupTerraformCommand,
  reportCommand,
  decryptCommand,
  doctorCommand,
];

const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: infomaniak-mail <command> [options]',
    '',
    'Infomaniak Mail access as code.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "infomaniak-mail <command> --help" for a command\'s options.',
    '',
  ].join('\n');
}

function version(): string {
  try {
    return findThisPackage().version;
  } catch {
    return 'unknown';
  }
}

/** Runs one command line and resolves with its exit code; prints, never exits. */
export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(overview());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.stdout(overview());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (name === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !target) {
      io.stderr(`infomaniak-mail: unknown command "${rest[0]}"\n\n${overview()}`);
      return 2;
    }
    io.stdout(target ? target.help : overview());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `infomaniak-mail: unknown ${name.startsWith('-') ? 'flag' : 'command'} "${name}"\n\n${overview()}`,
    );
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `infomaniak-mail ${command.name}: ${error.message}\nRun "infomaniak-mail ${command.name} --help" for usage.\n`,
      );
      return 2;
    }
    io.stderr(`infomaniak-mail ${command.name}: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The bin's entry point: runs, then sets the exit code (never process.exit, so output is flushed). */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv);
}
