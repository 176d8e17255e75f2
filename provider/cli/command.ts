/**
 * What a subcommand of `infomaniak-mail` is, and argument parsing that turns
 * node:util parseArgs' errors into one-line usage errors naming the flag.
 */

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Command {
  name: string;
  /** One line, for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Resolves with the exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Bad usage: the router prints the message and a pointer to --help, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Runs a node:util parseArgs call, turning its errors into usage errors that
 * name the flag. Takes a thunk so the precise parsed type stays at the call site.
 */
export function withUsageErrors<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'([^']+)'/.exec(message)?.[1];
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(
          `unknown flag ${flag ?? ''} for "infomaniak-mail ${command}"`.replace('  ', ' '),
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(
          `unexpected argument ${flag ? `"${flag}"` : ''} for "infomaniak-mail ${command}"`,
        );
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        // node says "Option '--port <value>' argument missing"; keep just the flag.
        throw new UsageError(`${flag?.split(' ')[0] ?? 'a flag'} needs a value`);
      default:
        throw new UsageError(message);
    }
  }
}
