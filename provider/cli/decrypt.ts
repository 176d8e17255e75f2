/**
 * `infomaniak-mail decrypt`: opens the sealed device passwords in what `terraform output
 * -json` printed, with the consumer's identity. Plaintext goes only to standard output or
 * to a file only its owner can read; messages on stderr never hold a secret.
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isSealed, loadIdentity, unseal, type Identity } from '../sealing';
import { UsageError, withUsageErrors, type CliIO, type Command } from './command';

export const PASSPHRASE_VARIABLE = 'INFOMANIAK_MAIL_IDENTITY_PASSPHRASE';
const HOW_TO_PRODUCE = 'terraform output -json | infomaniak-mail decrypt --identity FILE';

const help = `Usage: infomaniak-mail decrypt --identity FILE [OUTPUTS_JSON|-] [--out FILE]

Reads what \`terraform output -json\` printed and writes the same JSON with every
sealed value in it — an age-encrypted file or an OpenPGP message, which the
provider writes instead of a password when a device has secret_recipients —
replaced by its plaintext, wherever it sits in objects and arrays.

  ${HOW_TO_PRODUCE}
  terraform output -raw NAME | infomaniak-mail decrypt --identity FILE

The input is the file given, or standard input when none or "-" is given. A
sealed value given alone (not JSON, as \`terraform output -raw\` prints it) is
written as its plaintext.

Options:
  --identity FILE   the secret key that opens the values: an age identity file
                    (lines "AGE-SECRET-KEY-1…", from age-keygen) or an armored
                    OpenPGP private key (gpg --armor --export-secret-keys KEY_ID)
  --out FILE        write to FILE instead of standard output; FILE is written
                    whole or not at all, readable by its owner only (mode 0600)
  -h, --help        show this help

Environment:
  ${PASSPHRASE_VARIABLE}
                    the passphrase of an OpenPGP private key protected by one.
                    Without it, the passphrase is asked on the terminal (not
                    echoed) when standard input is a terminal and not the input.

Plaintext is never written to standard error.

Exit codes:
  0  written
  1  the input or the identity could not be read, or a value could not be opened
  2  usage error (unknown flag, missing --identity)
`;

export interface DecryptEnvironment {
  readonly readFile: (path: string) => string;
  readonly readStdin: () => string;
  /** Standard input is a terminal: nobody is piping outputs in, and a passphrase can be asked there. */
  readonly stdinIsTTY: boolean | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Asks on the terminal without echoing the answer. */
  readonly askHidden: (question: string) => Promise<string>;
  /** Replaces `path` whole with `text`, readable by its owner only. */
  readonly writePrivateFile: (path: string, text: string) => void;
}

const processEnvironment: DecryptEnvironment = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  get stdinIsTTY() {
    return process.stdin.isTTY;
  },
  env: process.env,
  askHidden: (question) => askHiddenOnTerminal(question),
  writePrivateFile,
};

export function makeDecryptCommand(environment: DecryptEnvironment = processEnvironment): Command {
  return {
    name: 'decrypt',
    summary: 'open the sealed device passwords in `terraform output -json` with your age or OpenPGP key',
    help,
    run: (argv, io) => runDecrypt(argv, io, environment),
  };
}

export const decryptCommand = makeDecryptCommand();

async function runDecrypt(argv: string[], io: CliIO, environment: DecryptEnvironment): Promise<number> {
  const { values, positionals } = withUsageErrors('decrypt', () =>
    parseArgs({
      args: argv,
      options: {
        identity: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  if (values.identity === undefined)
    throw new UsageError('--identity FILE is needed: the age identity file or OpenPGP private key');
  if (values.out === '') throw new UsageError('--out needs a file name');
  if (positionals.length > 1)
    throw new UsageError(`one input at a time (got ${positionals.length}: ${positionals.join(', ')})`);
  const source = positionals[0] ?? '-';
  const fromStdin = source === '-';
  if (fromStdin && environment.stdinIsTTY)
    throw new UsageError(`give the outputs' JSON file, or pipe it in (${HOW_TO_PRODUCE})`);

  const identityText = read(environment, values.identity, 'the identity');
  const input = fromStdin ? read(environment, '-', 'the input') : read(environment, source, 'the input');
  const identity = await loadIdentity(identityText, () => passphrase(environment, fromStdin));

  let output: string;
  let opened: number;
  if (isSealed(input)) {
    output = await unseal(input, identity);
    opened = 1;
  } else {
    const counter = { opened: 0 };
    const value = await unsealDeep(parseJson(input), identity, '', counter);
    output = `${JSON.stringify(value, null, 2)}\n`;
    opened = counter.opened;
  }
  if (values.out === undefined) io.stdout(output);
  else environment.writePrivateFile(values.out, output);
  if (opened === 0)
    io.stderr('infomaniak-mail decrypt: no sealed value in the input; it is written unchanged\n');
  return 0;
}

function read(environment: DecryptEnvironment, path: string, what: string): string {
  try {
    return path === '-' ? environment.readStdin() : environment.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'unreadable');
    throw new Error(`cannot read ${what} ${path === '-' ? 'from standard input' : path}: ${why}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the input, which may hold a secret.
    throw new Error(
      `the input is not JSON: expected what \`terraform output -json\` prints (${HOW_TO_PRODUCE})`,
    );
  }
}

async function passphrase(environment: DecryptEnvironment, stdinIsInput: boolean): Promise<string> {
  const given = environment.env[PASSPHRASE_VARIABLE];
  if (given !== undefined) return given;
  if (stdinIsInput || !environment.stdinIsTTY)
    throw new Error(
      `the OpenPGP private key is protected by a passphrase: set ${PASSPHRASE_VARIABLE} ` +
        '(there is no terminal to ask it on)',
    );
  return environment.askHidden('Passphrase of the OpenPGP private key: ');
}

async function unsealDeep(
  value: unknown,
  identity: Identity,
  path: string,
  counter: { opened: number },
): Promise<unknown> {
  if (typeof value === 'string') {
    if (!isSealed(value)) return value;
    try {
      const plaintext = await unseal(value, identity);
      counter.opened += 1;
      return plaintext;
    } catch (error) {
      throw new Error(`cannot open ${path === '' ? 'the input' : path}: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const [index, item] of value.entries())
      items.push(await unsealDeep(item, identity, `${path}[${index}]`, counter));
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value))
      entries.push([key, await unsealDeep(item, identity, path === '' ? key : `${path}.${key}`, counter)]);
    // fromEntries defines own properties: a "__proto__" key stays a key.
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * Writes a temporary file created 0600 (the umask can only narrow it) beside `path` and
 * renames it over `path`: readers see the old file or the whole new one, and an existing
 * file's permissions are never widened — a narrower mode it had is kept.
 */
export function writePrivateFile(path: string, text: string): void {
  let mode = 0o600;
  try {
    mode &= statSync(path).mode;
  } catch {
    // No file yet.
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw new Error(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Reads a line from the terminal with echo off; Ctrl-C cancels. */
function askHiddenOnTerminal(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('cancelled: no passphrase given'));
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('');
        else answer += char;
      }
    };
    stdin.setEncoding('utf8');
    // Echo goes off before the question shows, so an answer typed at once is not echoed either.
    stdin.setRawMode(true);
    process.stderr.write(question);
    stdin.resume();
    stdin.on('data', onData);
  });
}
