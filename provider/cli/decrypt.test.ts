import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import * as openpgp from 'openpgp';
import { parseRecipients, seal } from '../sealing';
import type { CliIO } from './command';
import {
  makeDecryptCommand,
  PASSPHRASE_VARIABLE,
  writePrivateFile,
  type DecryptEnvironment,
} from './decrypt';
import { run as runCli } from './main';

const REPO_ROOT = join(__dirname, '..', '..');
const PASSWORD = 'pw-äöü-secret-123456';
const OTHER = 'pw-second-secret-654321';
let dir: string;
let identity: string;
let sealed: string;
let sealedOther: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'decrypt-cli-'));
  identity = await generateIdentity();
  const recipients = await parseRecipients([await identityToRecipient(identity)]);
  [sealed, sealedOther] = [await seal(PASSWORD, recipients), await seal(OTHER, recipients)];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `terraform output -json` prints, with sealed passwords deep inside. */
function outputs() {
  return {
    crm: { sensitive: false, type: 'string', value: sealed },
    devices: {
      sensitive: true,
      type: ['tuple', [['object', { label: 'string', password: 'string' }]]],
      value: [{ label: 'phone', password: sealedOther, count: 2, on: true, none: null }],
    },
    plain: { sensitive: false, type: 'string', value: 'not sealed' },
  };
}

function opened() {
  const expected = outputs();
  expected.crm.value = PASSWORD;
  expected.devices.value[0].password = OTHER;
  return expected;
}

function environment(input: string, options: Partial<DecryptEnvironment> = {}): DecryptEnvironment {
  return {
    readFile: (path) => (path === 'identity.txt' ? identity : input),
    readStdin: () => input,
    stdinIsTTY: false,
    env: {},
    askHidden: async () => {
      throw new Error('not asked in this test');
    },
    writePrivateFile: () => {
      throw new Error('no --out in this test');
    },
    ...options,
  };
}

async function decrypt(argv: string[], env: DecryptEnvironment) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await makeDecryptCommand(env).run(argv, io);
  return { code, stdout, stderr };
}

describe('decrypt command', () => {
  it('opens every sealed string, deep in objects and arrays, and leaves the rest as it was', async () => {
    const r = await decrypt(['--identity', 'identity.txt'], environment(JSON.stringify(outputs())));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(opened());
    expect(r.stderr).toBe('');
    const fromFile = await decrypt(
      ['--identity', 'identity.txt', 'outputs.json'],
      environment(JSON.stringify(outputs())),
    );
    expect(fromFile.stdout).toBe(r.stdout);
  });

  it('keeps a "__proto__" key a key', async () => {
    const r = await decrypt(
      ['--identity', 'identity.txt'],
      environment(`{"__proto__": {"value": ${JSON.stringify(sealed)}}}`),
    );
    expect(r.stdout).toBe(`{\n  "__proto__": {\n    "value": "${PASSWORD}"\n  }\n}\n`);
  });

  it('opens a sealed value given alone, as `terraform output -raw` prints it', async () => {
    expect((await decrypt(['--identity', 'identity.txt'], environment(sealed))).stdout).toBe(PASSWORD);
  });

  it('says so on stderr when nothing was sealed', async () => {
    const r = await decrypt(['--identity', 'identity.txt'], environment('{"a": {"value": "x"}}'));
    expect(r.stdout).toBe('{\n  "a": {\n    "value": "x"\n  }\n}\n');
    expect(r.stderr).toBe('infomaniak-mail decrypt: no sealed value in the input; it is written unchanged\n');
  });

  it('refuses input that is not JSON without quoting it', async () => {
    const failure = decrypt(['--identity', 'identity.txt'], environment('hunter2 {'));
    await expect(failure).rejects.toThrow(
      'the input is not JSON: expected what `terraform output -json` prints',
    );
    await expect(failure).rejects.not.toThrow('hunter2');
  });

  it('names the value it cannot open, and no secret', async () => {
    const stranger = await generateIdentity();
    const env = environment(JSON.stringify(outputs()), {
      readFile: (p) => (p === 'identity.txt' ? stranger : ''),
    });
    const failure = decrypt(['--identity', 'identity.txt'], env);
    await expect(failure).rejects.toThrow(/^cannot open crm\.value: the identity does not match/);
    await expect(failure).rejects.not.toThrow(stranger.slice(16, 40));
  });

  it('wants --identity, one input, and a piped input when standard input is a terminal', async () => {
    const env = environment('{}');
    await expect(decrypt([], env)).rejects.toThrow('--identity FILE is needed');
    await expect(decrypt(['--identity', 'identity.txt', 'a.json', 'b.json'], env)).rejects.toThrow(
      'one input at a time',
    );
    await expect(decrypt(['--identity', 'identity.txt'], { ...env, stdinIsTTY: true })).rejects.toThrow(
      "give the outputs' JSON file, or pipe it in",
    );
    await expect(decrypt(['--identity', 'identity.txt', '--bogus'], env)).rejects.toThrow(
      'unknown flag --bogus',
    );
    const missing = { ...env, readFile: () => readFileSync(join(dir, 'missing')).toString() };
    await expect(decrypt(['--identity', 'nope.txt'], missing)).rejects.toThrow(
      'cannot read the identity nope.txt: no such file',
    );
  });

  describe('with a passphrase-protected OpenPGP key', () => {
    const passphrase = 'the key passphrase';
    let key: string;
    let input: string;
    beforeAll(async () => {
      const pair = await openpgp.generateKey({ userIDs: [{ name: 'Consumer' }], passphrase });
      key = pair.privateKey;
      input = JSON.stringify({
        pw: { value: await seal(PASSWORD, await parseRecipients([pair.publicKey])) },
      });
    });
    const withKey = (options: Partial<DecryptEnvironment>) =>
      environment(input, { readFile: (p) => (p === 'key.asc' ? key : input), ...options });

    it(`takes it from ${PASSPHRASE_VARIABLE} first`, async () => {
      const r = await decrypt(
        ['--identity', 'key.asc'],
        withKey({ env: { [PASSPHRASE_VARIABLE]: passphrase } }),
      );
      expect(JSON.parse(r.stdout)).toEqual({ pw: { value: PASSWORD } });
    });

    it('asks on the terminal when standard input is one and the input is a file', async () => {
      const askHidden = jest.fn(async () => passphrase);
      const r = await decrypt(
        ['--identity', 'key.asc', 'outputs.json'],
        withKey({ stdinIsTTY: true, askHidden }),
      );
      expect(JSON.parse(r.stdout)).toEqual({ pw: { value: PASSWORD } });
      expect(askHidden).toHaveBeenCalledTimes(1);
    });

    it(`says to set ${PASSPHRASE_VARIABLE} when there is no terminal to ask on`, async () => {
      const askHidden = jest.fn(async () => passphrase);
      for (const [argv, stdinIsTTY] of [
        [['--identity', 'key.asc'], false],
        [['--identity', 'key.asc', 'outputs.json'], false],
      ] as const) {
        await expect(decrypt([...argv], withKey({ stdinIsTTY, askHidden }))).rejects.toThrow(
          `the OpenPGP private key is protected by a passphrase: set ${PASSPHRASE_VARIABLE}`,
        );
      }
      expect(askHidden).not.toHaveBeenCalled();
    });

    it('says a wrong passphrase does not unlock the key, without repeating it', async () => {
      const failure = decrypt(
        ['--identity', 'key.asc'],
        withKey({ env: { [PASSPHRASE_VARIABLE]: 'wrong-guess-42' } }),
      );
      await expect(failure).rejects.toThrow('the passphrase does not unlock the OpenPGP private key');
      await expect(failure).rejects.not.toThrow('wrong-guess-42');
    });
  });
});

describe('writePrivateFile', () => {
  it('creates the file 0600, narrows a wider one, keeps a narrower one, and leaves no temporary file', () => {
    const path = join(dir, 'fresh.json');
    writePrivateFile(path, 'one');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const wide = join(dir, 'wide.json');
    writeFileSync(wide, 'old');
    chmodSync(wide, 0o644);
    writePrivateFile(wide, 'two');
    expect([statSync(wide).mode & 0o777, readFileSync(wide, 'utf8')]).toEqual([0o600, 'two']);
    const narrow = join(dir, 'narrow.json');
    writeFileSync(narrow, 'old');
    chmodSync(narrow, 0o400);
    writePrivateFile(narrow, 'three');
    expect([statSync(narrow).mode & 0o777, readFileSync(narrow, 'utf8')]).toEqual([0o400, 'three']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the compiled infomaniak-mail decrypt', () => {
  const compiled = join(REPO_ROOT, 'dist', 'provider', 'cli', 'main.js');
  let identityFile: string;
  let outputsFile: string;

  beforeAll(() => {
    if (!existsSync(compiled))
      throw new Error(`${compiled} is missing: run \`npm run build\` (npm test does it first)`);
    identityFile = join(dir, 'identity.txt');
    writeFileSync(identityFile, `# created by the test\n${identity}\n`, { mode: 0o600 });
    outputsFile = join(dir, 'outputs.json');
    writeFileSync(outputsFile, JSON.stringify(outputs(), null, 2));
  });

  function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'infomaniak-mail.js'), ...args], {
      input: options.input ?? '',
      env: { ...process.env, [PASSPHRASE_VARIABLE]: undefined, ...options.env },
      encoding: 'utf8',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('opens an outputs file and standard input alike, with nothing on stderr', () => {
    const fromFile = cli(['decrypt', '--identity', identityFile, outputsFile]);
    expect(fromFile).toEqual({ code: 0, stdout: `${JSON.stringify(opened(), null, 2)}\n`, stderr: '' });
    expect(cli(['decrypt', '--identity', identityFile], { input: JSON.stringify(outputs()) })).toEqual(
      fromFile,
    );
    expect(cli(['decrypt', '--identity', identityFile, '-'], { input: JSON.stringify(outputs()) })).toEqual(
      fromFile,
    );
  });

  it('writes --out readable by its owner only, and nothing to stdout or stderr', () => {
    const out = join(dir, 'opened.json');
    const r = cli(['decrypt', '--identity', identityFile, '--out', out, outputsFile]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(opened());
  });

  it('fails in one line on stderr, with no secret, for a wrong identity, a bad identity and bad JSON', async () => {
    const stranger = join(dir, 'stranger.txt');
    const strangerIdentity = await generateIdentity();
    writeFileSync(stranger, strangerIdentity);
    for (const [args, input, message] of [
      [['--identity', stranger, outputsFile], '', 'cannot open crm.value: the identity does not match'],
      [['--identity', outputsFile, outputsFile], '', 'the identity is neither an age identity file'],
      [['--identity', identityFile], `{"x": "${PASSWORD}"`, 'the input is not JSON'],
    ] as const) {
      const r = cli(['decrypt', ...args], { input });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^infomaniak-mail decrypt: [^\n]+\n$/);
      expect(r.stderr).toContain(message);
      for (const secret of [PASSWORD, OTHER, identity.slice(16), strangerIdentity.slice(16)])
        expect(r.stderr).not.toContain(secret);
    }
  });

  it('is listed in the help, and loading the CLI loads no cryptography', async () => {
    let overview = '';
    await runCli(['--help'], { stdout: (t) => void (overview += t), stderr: () => undefined });
    expect(overview).toMatch(/\n {2}decrypt +open the sealed device passwords/);
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(compiled)});` +
          'console.log(Object.keys(require.cache).filter((k) => /age-encryption|openpgp|@noble|@scure/.test(k)).length)',
      ],
      { encoding: 'utf8' },
    );
    expect([probe.stdout, probe.stderr]).toEqual(['0\n', '']);
  });

  it('asks for a passphrase on the terminal without echoing it; Ctrl-C cancels', async () => {
    const passphrase = 'typed on the terminal';
    const pair = await openpgp.generateKey({ userIDs: [{ name: 'Consumer' }], passphrase });
    const keyFile = join(dir, 'typed-key.asc');
    writeFileSync(keyFile, pair.privateKey, { mode: 0o600 });
    const input = join(dir, 'typed.json');
    writeFileSync(
      input,
      JSON.stringify({ pw: { value: await seal(PASSWORD, await parseRecipients([pair.publicKey])) } }),
    );
    // util-linux `script` gives the CLI a terminal for standard input, as a person at a shell has.
    const onTerminal = (typed: string) =>
      new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
        const command = [
          process.execPath,
          join(REPO_ROOT, 'bin', 'infomaniak-mail.js'),
          'decrypt',
          '--identity',
          keyFile,
          input,
        ];
        const child = spawn(
          'script',
          ['-q', '-e', '-c', command.map((a) => `'${a}'`).join(' '), '/dev/null'],
          {
            env: { ...process.env, [PASSPHRASE_VARIABLE]: undefined },
          },
        );
        child.on('error', (error) =>
          reject(
            new Error(`script (util-linux) could not run (${error.message}): this test needs it on PATH`),
          ),
        );
        let screen = '';
        let asked = false;
        for (const stream of [child.stdout, child.stderr])
          stream.on('data', (data: Buffer) => {
            screen += data.toString();
            if (!asked && screen.includes('Passphrase of the OpenPGP private key: ')) {
              asked = true;
              child.stdin.write(typed);
            }
          });
        child.on('close', (code) => resolve({ code, screen }));
      });

    // A typo corrected with backspace, then Enter.
    const answered = await onTerminal(`${passphrase.slice(0, -1)}X\u007f${passphrase.slice(-1)}\r`);
    expect(answered.code).toBe(0);
    expect(answered.screen).toContain(`"value": "${PASSWORD}"`);
    expect(answered.screen).not.toContain(passphrase.slice(0, 8));
    const cancelled = await onTerminal('typed then\u0003');
    expect(cancelled.code).toBe(1);
    expect(cancelled.screen).toContain('infomaniak-mail decrypt: cancelled: no passphrase given');
    expect(cancelled.screen).not.toContain('typed then');
  });

  describe('with gpg', () => {
    const passphrase = 'made by gpg for the CLI';
    let gnupgHome: string;

    function gpg(args: string[], input?: string): string {
      const r = spawnSync('gpg', ['--batch', '--yes', '--no-tty', ...args], {
        env: { ...process.env, GNUPGHOME: gnupgHome },
        input,
        encoding: 'utf8',
      });
      if (r.error) throw new Error(`gpg could not run (${r.error.message}): this test needs GnuPG on PATH`);
      if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout;
    }

    beforeAll(() => {
      const found = spawnSync('gpg', ['--version'], { encoding: 'utf8' });
      if (found.error || found.status !== 0)
        throw new Error(
          'gpg is not on PATH: the OpenPGP interop test needs GnuPG installed (e.g. apt-get install gnupg)',
        );
      gnupgHome = mkdtempSync(join(tmpdir(), 'decrypt-gpg-'));
    });

    afterAll(() => {
      if (!gnupgHome) return;
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: gnupgHome } });
      rmSync(gnupgHome, { recursive: true, force: true });
    });

    it('opens what gpg encrypted, with the passphrase from the environment', () => {
      const unlock = ['--pinentry-mode', 'loopback', '--passphrase', passphrase];
      gpg([
        ...unlock,
        '--quick-generate-key',
        'CLI Consumer <cli@example.com>',
        'future-default',
        'default',
        'never',
      ]);
      const keyFile = join(dir, 'gpg-key.asc');
      writeFileSync(keyFile, gpg([...unlock, '--armor', '--export-secret-keys', 'cli@example.com']), {
        mode: 0o600,
      });
      const encrypted = gpg(
        ['--armor', '--trust-model', 'always', '--encrypt', '--recipient', 'cli@example.com'],
        PASSWORD,
      );
      const input = JSON.stringify({ pw: { sensitive: true, type: 'string', value: encrypted } });

      const r = cli(['decrypt', '--identity', keyFile], {
        input,
        env: { [PASSPHRASE_VARIABLE]: passphrase },
      });
      expect(r).toEqual({
        code: 0,
        stdout: `${JSON.stringify({ pw: { sensitive: true, type: 'string', value: PASSWORD } }, null, 2)}\n`,
        stderr: '',
      });
      const without = cli(['decrypt', '--identity', keyFile], { input });
      expect(without.code).toBe(1);
      expect(without.stderr).toBe(
        `infomaniak-mail decrypt: the OpenPGP private key is protected by a passphrase: set ${PASSPHRASE_VARIABLE} (there is no terminal to ask it on)\n`,
      );
    });
  });
});
