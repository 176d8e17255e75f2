import type { CliIO } from './command';
import { makeReportCommand, REPORT_EXIT } from './report';

const PLAN = JSON.stringify({
  format_version: '1.2',
  resource_changes: [
    {
      address: 'infomaniakmail_device.crm',
      mode: 'managed',
      type: 'infomaniakmail_device',
      name: 'crm',
      change: {
        actions: ['delete'],
        before: {
          mail_hosting_id: 1,
          mailbox_name: 'a',
          label: 'CRM',
          device_id: 7,
          password: 'pw-secret-123456',
        },
        after: null,
        before_sensitive: { password: true },
      },
    },
  ],
});

async function run(argv: string[], tty: boolean, env: NodeJS.ProcessEnv = {}, stdinIsTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const command = makeReportCommand({
    readFile: () => PLAN,
    readStdin: () => PLAN,
    stdoutIsTTY: tty,
    stdinIsTTY,
    env,
  });
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}

describe('report command', () => {
  it('colours only on a terminal, and not with NO_COLOR', async () => {
    expect((await run([], true)).stdout).toContain('\u001b[31m- Devices revoked');
    expect((await run([], true, { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await run([], false)).stdout).not.toContain('\u001b[');
    expect((await run(['--format', 'markdown'], true)).stdout).not.toContain('\u001b[');
  });

  it('reads standard input by default, and fails a gate with exit 3', async () => {
    const r = await run(['--fail-on', 'revoke'], false);
    expect(r.code).toBe(REPORT_EXIT.gateFailed);
    expect(r.stdout).toContain('"CRM" (id 7)');
    expect(r.stdout).not.toContain('pw-secret');
    expect(r.stderr).toContain('--fail-on revoke: 1 revocation(s) (1 device(s) revoked)');
  });

  it('does not wait for a plan on an interactive standard input', async () => {
    await expect(run([], false, {}, true)).rejects.toThrow("give a plan's JSON file, or pipe one in");
    expect((await run(['plan.json'], false, {}, true)).code).toBe(REPORT_EXIT.ok);
  });

  it('refuses two standard inputs', async () => {
    await expect(run(['-', '-'], false)).rejects.toThrow('"-" (standard input) can be given once');
  });
});
