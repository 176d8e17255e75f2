/** `infomaniak-mail doctor` against the sandbox over HTTP: one case per thing that can block. */
import { SANDBOX_PENDING_MAIL_HOSTING_ID, startSandbox, type RunningSandbox } from '../sandbox';
import { makeDoctorCommand, type CheckResult } from './doctor';
import { run } from './main';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, testHooks: true });
});
afterAll(() => sandbox.close());

async function doctor(token: string | undefined, argv: string[] = []) {
  let stdout = '';
  let stderr = '';
  const env = { INFOMANIAK_TOKEN: token, INFOMANIAK_ENDPOINT: sandbox.url };
  const command = makeDoctorCommand(env, { retry: { maxAttempts: 1 } });
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

async function doctorJson(token: string, argv: string[] = []) {
  const { code, stdout } = await doctor(token, [...argv, '--json']);
  const parsed = JSON.parse(stdout) as { ok: boolean; checks: CheckResult[] };
  const status = Object.fromEntries(parsed.checks.map((c) => [c.name, c.status]));
  return { code, parsed, status };
}

describe('infomaniak-mail doctor', () => {
  it('admin token: every check ok, exit 0, one line per check, token never printed', async () => {
    const { code, stdout } = await doctor(sandbox.tokens.admin);
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((l) => /^(ok|problem|skipped) /.test(l));
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual([
      'token',
      'service',
      'address',
      'accesses',
      'rights',
    ]);
    expect(lines.every((l) => l.startsWith('ok'))).toBe(true);
    expect(stdout).not.toContain(sandbox.tokens.admin);
  });

  it('a wrong token: 401, says where to create one, the rest skipped, exit 1', async () => {
    const wrong = 'not-a-real-token-5f3a9c1e';
    const { code, parsed, status } = await doctorJson(wrong);
    expect(code).toBe(1);
    expect(parsed.ok).toBe(false);
    expect(status).toEqual({
      token: 'problem',
      service: 'skipped',
      address: 'skipped',
      accesses: 'skipped',
      rights: 'skipped',
    });
    expect(parsed.checks[0].action).toContain('https://manager.infomaniak.com/v3/ng/accounts/token/list');
    expect(JSON.stringify(parsed)).not.toContain(wrong);
  });

  it('--mail-hosting-id of a Mail Service not yet enabled: 501 reported, exit 1', async () => {
    const { code, parsed, status } = await doctorJson(sandbox.tokens.admin, [
      '--mail-hosting-id',
      String(SANDBOX_PENDING_MAIL_HOSTING_ID),
    ]);
    expect(code).toBe(1);
    expect(status).toMatchObject({ token: 'ok', service: 'ok', address: 'ok', accesses: 'problem' });
    const accesses = parsed.checks.find((c) => c.name === 'accesses')!;
    expect(accesses.detail).toMatch(/not yet enabled for device and user accesses \(501\)/);
    expect(accesses.action).toMatch(/gradually/);
  });

  it('--mail-hosting-id the token cannot see: service problem, exit 1', async () => {
    const { code, status } = await doctorJson(sandbox.tokens.admin, ['--mail-hosting-id', '999']);
    expect(code).toBe(1);
    expect(status.service).toBe('problem');
  });

  it('the read-only token: the missing rights are named, exit 1', async () => {
    const { code, parsed, status } = await doctorJson(sandbox.tokens.readonly);
    expect(code).toBe(1);
    expect(status).toMatchObject({
      token: 'ok',
      service: 'ok',
      address: 'ok',
      accesses: 'ok',
      rights: 'problem',
    });
    const rights = parsed.checks.find((c) => c.name === 'rights')!;
    expect(rights.detail).toMatch(/lacks can_create_device, can_create_webmail_access/);
    expect(rights.action).toMatch(/Administrator or Legal Representative of the Organisation/);
  });

  it('sends nothing but GET', async () => {
    const hooks = await import('../sandbox').then((m) => new m.SandboxHooksClient(sandbox.url));
    await hooks.resetRequests();
    await doctor(sandbox.tokens.readonly);
    await doctor(sandbox.tokens.admin, ['--mail-hosting-id', String(SANDBOX_PENDING_MAIL_HOSTING_ID)]);
    const { counts, total } = await hooks.requests();
    expect(total).toBeGreaterThan(0);
    expect(Object.keys(counts).filter((k) => !k.startsWith('GET '))).toEqual([]);
  });

  it('bad usage exits 2: no token, a bad id, an unknown flag (through the dispatcher)', async () => {
    await expect(doctor(undefined)).rejects.toThrow(/INFOMANIAK_TOKEN is not set/);
    const saved = { ...process.env };
    process.env.INFOMANIAK_TOKEN = sandbox.tokens.admin;
    process.env.INFOMANIAK_ENDPOINT = sandbox.url;
    try {
      let stderr = '';
      const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
      expect(await run(['doctor', '--mail-hosting-id', 'abc'], io)).toBe(2);
      expect(stderr).toMatch(/--mail-hosting-id must be a positive whole number/);
      expect(await run(['doctor', '--frobnicate'], io)).toBe(2);
      expect(await run(['doctor'], io)).toBe(0);
      delete process.env.INFOMANIAK_TOKEN;
      expect(await run(['doctor'], io)).toBe(2);
      expect(stderr).toMatch(/INFOMANIAK_TOKEN is not set/);
      expect(stderr).not.toContain(sandbox.tokens.admin);
    } finally {
      process.env = saved;
    }
  });
});
