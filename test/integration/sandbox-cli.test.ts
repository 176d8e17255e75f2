/** `infomaniak-mail sandbox` as scripts use it (DESIGN.md §8), run from source. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_ADMIN_TOKEN, SANDBOX_MAIL_HOSTING_ID, SANDBOX_READONLY_TOKEN } from '../../provider/sandbox';
import { readDataFile } from '../../provider/sandbox/persistence';
import { parseState } from '../../provider/sandbox/state';
import { run } from '../../provider/cli/main';
import { REPO_ROOT, call, finished, firstLine, spawnCli } from './sandbox-http';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sandbox-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An in-process CliIO that keeps what was printed. */
function capture() {
  const output = {
    stdout: '',
    stderr: '',
    io: {
      stdout: (text: string) => void (output.stdout += text),
      stderr: (text: string) => void (output.stderr += text),
    },
  };
  return output;
}

interface Handle {
  url: string;
  mail_hosting_id: number;
  domain: string;
  tokens: { admin: string; readonly: string };
}

async function expectJsonHandle(line: string): Promise<Handle> {
  const handle = JSON.parse(line) as Handle;
  expect(Object.keys(handle).sort()).toEqual(['domain', 'mail_hosting_id', 'tokens', 'url']);
  expect(handle).toMatchObject({
    mail_hosting_id: SANDBOX_MAIL_HOSTING_ID,
    domain: 'exemple-domaine.ch',
    tokens: { admin: SANDBOX_ADMIN_TOKEN, readonly: SANDBOX_READONLY_TOKEN },
  });
  expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return handle;
}

describe('infomaniak-mail sandbox', () => {
  it('--json prints the handle first, serves the API, and flushes the data file on SIGTERM', async () => {
    const dataFile = path.join(dir, 'cli-state.json');
    const child = spawnCli([
      'sandbox',
      '--port',
      '0',
      '--json',
      '--data',
      dataFile,
      '--test-hooks',
      '--verbose',
    ]);
    const done = finished(child);
    const handle = await expectJsonHandle(await firstLine(child));
    const sandbox = { url: handle.url, tokens: handle.tokens };
    const created = await call(sandbox, 'POST', `/1/mail_hostings/${handle.mail_hosting_id}/mailboxes`, {
      body: { mailbox_name: 'depuis-la-cli' },
    });
    expect(created.status).toBe(201);
    expect((await call(sandbox, 'GET', '/__sandbox/requests', { token: null })).json.data.total).toBe(1);

    child.kill('SIGTERM');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1); // nothing but the handle on stdout
    expect(stderr).toMatch(/POST \/1\/mail_hostings\/\{hosting\}\/mailboxes 201/);
    expect(stderr).not.toContain(SANDBOX_ADMIN_TOKEN);
    expect(stderr).toContain('stopped');
    const state = await readDataFile(dataFile);
    expect(state?.hostings[0].mailboxes.map((m) => m.mailbox_name)).toContain('depuis-la-cli');
  });

  it('prints a human summary without --json and stops on SIGINT', async () => {
    const child = spawnCli(['sandbox', '--port', '0']);
    const done = finished(child);
    const line = await firstLine(child);
    expect(line).toMatch(/^Infomaniak Mail sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((r) => setTimeout(r, 100)); // let the rest of the summary arrive
    child.kill('SIGINT');
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toContain(`admin token:    ${SANDBOX_ADMIN_TOKEN}`);
    expect(stdout).toContain('state:          in memory');
  });

  it('explains a busy port and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const output = capture();
      expect(await run(['sandbox', '--port', String(port)], output.io)).toBe(1);
      expect(output.stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('--print-seed prints a valid seed template and exits 0', async () => {
    const output = capture();
    expect(await run(['sandbox', '--print-seed'], output.io)).toBe(0);
    expect(parseState(JSON.parse(output.stdout), 'printed seed').hostings[0].id).toBe(
      SANDBOX_MAIL_HOSTING_ID,
    );
  });
});

describe('infomaniak-mail usage', () => {
  // In process: the router and parsing, without paying for a child process per case.
  it.each([
    [['sandbox', '--help'], 0, /--test-hooks/, 'stdout'],
    [['--help'], 0, /Commands:\n\s+sandbox/, 'stdout'],
    [['help', 'sandbox'], 0, /Usage: infomaniak-mail sandbox/, 'stdout'],
    [['--version'], 0, /^\d+\.\d+\.\d+/, 'stdout'],
    [['sandbox', '--bogus'], 2, /unknown flag --bogus/, 'stderr'],
    [['sandbox', '--port', 'abc'], 2, /--port must be an integer/, 'stderr'],
    [['sandbox', '--port', '70000'], 2, /--port must be an integer/, 'stderr'],
    [['sandbox', '--port'], 2, /--port needs a value/, 'stderr'],
    [['sandbox', 'extra'], 2, /unexpected argument "extra"/, 'stderr'],
    [['help', 'nope'], 2, /unknown command "nope"/, 'stderr'],
    [['frobnicate'], 2, /unknown command "frobnicate"/, 'stderr'],
    [['--frobnicate'], 2, /unknown flag "--frobnicate"/, 'stderr'],
    [[], 2, /Usage: infomaniak-mail <command>/, 'stderr'],
  ] as const)('%j exits %d', async (args, expectedCode, pattern, stream) => {
    const output = capture();
    expect(await run([...args], output.io)).toBe(expectedCode);
    expect(output[stream]).toMatch(pattern);
  });

  it('sets the exit code of a real process', async () => {
    const { code, stderr } = await finished(spawnCli(['sandbox', '--bogus']));
    expect(code).toBe(2);
    expect(stderr).toContain('--bogus');
  });
});

// The published bin runs the compiled code; `npm test` builds first.
it('bin/infomaniak-mail.js (compiled) prints the same --json handle', async () => {
  const compiled = path.join(REPO_ROOT, 'dist', 'provider', 'cli', 'main.js');
  if (!existsSync(compiled))
    throw new Error(`${compiled} is missing: run \`npm run build\` (npm test does it first)`);
  const child = spawn(process.execPath, ['bin/infomaniak-mail.js', 'sandbox', '--port', '0', '--json'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = finished(child);
  await expectJsonHandle(await firstLine(child));
  child.kill('SIGTERM');
  expect((await done).code).toBe(0);
});
