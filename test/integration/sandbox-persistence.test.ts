/** The data file: restarts keep everything, writes are atomic, and it never holds a secret in clear. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED, SandboxHooksClient, startSandbox, type RunningSandbox } from '../../provider/sandbox';
import { readDataFile } from '../../provider/sandbox/persistence';
import { REPO_ROOT, call, hostingPath, mailboxPath } from './sandbox-http';

let dir: string;
let dataFile: string;
const running: RunningSandbox[] = [];

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox({ dataFile, testHooks: true, ...options });
  running.push(sandbox);
  return sandbox;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sandbox-data-'));
  dataFile = path.join(dir, 'state.json');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('restart', () => {
  it('keeps every mailbox, device access, user access and invitation, and device passwords keep working', async () => {
    const first = await start();
    const devices = mailboxPath(first, 'demonstration', '/accesses/devices');
    const webmail = mailboxPath(first, 'demonstration', '/accesses/webmail');
    const list = `${devices}?with=device,user_access`;
    await call(first, 'POST', hostingPath(first, '/mailboxes'), { body: { mailbox_name: 'nouvelle' } });
    const mac = (await call(first, 'POST', devices, { body: { label: 'Mac', protocols: 'imap' } })).json.data;
    const crm = (await call(first, 'POST', devices, { body: { label: 'CRM', protocols: 'pop3' } })).json.data;
    const accesses = (await call(first, 'GET', list)).json.data as Array<{
      id: number;
      device: { id: number };
    }>;
    const [macAccess, crmAccess] = accesses;
    const regenerated = (await call(first, 'POST', `${devices}/${crmAccess.id}`)).json.data;
    await call(first, 'PATCH', `/1/mail_hostings/accesses/devices/${macAccess.device.id}`, {
      body: { label: 'MacBook' },
    });
    await call(first, 'POST', webmail, {
      body: { user_id: 100003, permissions: { can_manage_filters: true } },
    });
    const invitation = (await call(first, 'POST', `${webmail}/invitations`, { body: {} })).json.data;
    await call(first, 'POST', `${webmail}/invitations/${invitation.key}/send`, {
      body: { email: 'x@exemple.org' },
    });

    const snapshot = async (sandbox: RunningSandbox) => ({
      mailboxes: (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.data,
      devices: (await call(sandbox, 'GET', list)).json.data,
      // The link holds the sandbox's address, which changes with the port: compare the rest.
      webmail: (await call(sandbox, 'GET', webmail)).json.data.map(
        (item: { invitation?: { short_url: string } }) =>
          item.invitation
            ? {
                ...item,
                invitation: { ...item.invitation, short_url: new URL(item.invitation.short_url).pathname },
              }
            : item,
      ),
    });
    const before = await snapshot(first);
    await first.close();

    const second = await start();
    expect(await snapshot(second)).toEqual(before);
    expect(before.devices.map((d: { device: { label: string } }) => d.device.label)).toEqual([
      'MacBook',
      'CRM',
    ]);
    expect(before.webmail.map((i: { invitation?: { sent_to: string } }) => i.invitation?.sent_to)).toContain(
      'x@exemple.org',
    );
    const hooks = new SandboxHooksClient(second.url);
    const email = `demonstration@${second.domain}`;
    await expect(hooks.verify(email, mac.password)).resolves.toBe(true);
    await expect(hooks.verify(email, regenerated.password)).resolves.toBe(true);
    await expect(hooks.verify(email, crm.password)).resolves.toBe(false);
    // Ids keep counting from where they were: no id is ever handed out twice.
    await call(second, 'POST', devices, { body: { label: 'new', protocols: 'pop3' } });
    const after = (await call(second, 'GET', list)).json.data as Array<{
      id: number;
      device: { id: number };
    }>;
    expect(after[2].id).toBeGreaterThan(crmAccess.id);
    expect(after[2].device.id).toBeGreaterThan(crmAccess.device.id);
  });

  it('answers a mutation only once it is on disk', async () => {
    const sandbox = await start();
    const created = await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
      body: { mailbox_name: 'durable' },
    });
    expect(created.status).toBe(201);
    const onDisk = await readDataFile(dataFile);
    expect(onDisk?.hostings[0].mailboxes.map((m) => m.mailbox_name)).toContain('durable');
  });

  it('refuses a corrupt data file rather than overwriting it', async () => {
    await writeFile(dataFile, '{"version": 2, "hostings": [');
    await expect(startSandbox({ dataFile })).rejects.toThrow(/not valid JSON/);
    expect(await readFile(dataFile, 'utf8')).toBe('{"version": 2, "hostings": [');
  });

  it('starts from --seed, keeps the data file over it on restart, and resets back to the seed', async () => {
    const seedFile = path.join(dir, 'seed.json');
    const seed = JSON.parse(JSON.stringify(DEFAULT_SEED));
    seed.hostings[0].mailboxes = seed.hostings[0].mailboxes.slice(0, 1);
    await writeFile(seedFile, JSON.stringify(seed));
    const names = async (sandbox: RunningSandbox) =>
      (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.data.map(
        (m: { mailbox_name: string }) => m.mailbox_name,
      );

    const first = await start({ seedFile });
    expect(await names(first)).toEqual(['demonstration']);
    await call(first, 'POST', hostingPath(first, '/mailboxes'), { body: { mailbox_name: 'ajoutee' } });
    await first.close();
    const second = await start({ seedFile });
    expect(await names(second)).toEqual(['demonstration', 'ajoutee']);
    await new SandboxHooksClient(second.url).reset();
    expect(await names(second)).toEqual(['demonstration']);
    expect((await readDataFile(dataFile))?.hostings[0].mailboxes).toHaveLength(1);
  });
});

describe('secrets at rest', () => {
  it('keeps device passwords as scrypt hashes only', async () => {
    const sandbox = await start();
    const devices = mailboxPath(sandbox, 'contact', '/accesses/devices');
    const generated = (await call(sandbox, 'POST', devices, { body: { label: 'a', protocols: 'imap' } })).json
      .data;
    const listed = (await call(sandbox, 'GET', `${devices}?with=device`)).json.data as Array<{
      id: number;
      device: { label: string };
    }>;
    const access = listed.find((d) => d.device.label === 'a')!;
    const regenerated = (await call(sandbox, 'POST', `${devices}/${access.id}`)).json.data;
    await sandbox.close();

    const text = await readFile(dataFile, 'utf8');
    for (const secret of [generated.password, regenerated.password]) expect(text).not.toContain(secret);
    const state = JSON.parse(text);
    const contact = state.hostings[0].mailboxes.find(
      (m: { mailbox_name: string }) => m.mailbox_name === 'contact',
    );
    for (const a of contact.device_accesses) expect(a.password_hash).toMatch(/^scrypt\$/);
    expect(Object.keys(contact.device_accesses[0]).sort()).not.toContain('password');
    if (process.platform !== 'win32') expect((await stat(dataFile)).mode & 0o777).toBe(0o600);
  });
});

describe('atomic writes', () => {
  it('keeps the file valid JSON and complete under concurrent mutations', async () => {
    const sandbox = await start();
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        expect(await readDataFile(dataFile)).toBeDefined(); // throws on a torn file
        reads++;
      }
    })();
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
          body: { mailbox_name: `parallele-${i}` },
        }),
      ),
    );
    reading = false;
    await reader;
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(reads).toBeGreaterThan(0);
    const onDisk = await readDataFile(dataFile);
    expect(onDisk?.hostings[0].mailboxes.filter((m) => m.mailbox_name.startsWith('parallele-'))).toHaveLength(
      40,
    );
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('survives being killed mid-write: the file always parses, and a restart works', async () => {
    const script = `
      const { startSandbox } = require('./provider/sandbox/index.ts');
      (async () => {
        const s = await startSandbox({ dataFile: process.argv[1] });
        process.stdout.write('ready\\n');
        const headers = { authorization: 'Bearer ' + s.tokens.admin, 'content-type': 'application/json' };
        const url = s.url + '/1/mail_hostings/' + s.mailHostingId + '/mailboxes';
        for (let i = 0; ; i++) {
          const name = 'crash-' + process.pid + '-' + i;
          await Promise.all([0, 1, 2, 3].map((k) =>
            fetch(url, { method: 'POST', headers, body: JSON.stringify({ mailbox_name: name + '-' + k }) })));
        }
      })();`;
    let previous = 0;
    for (const killAfterMs of [300, 500, 800]) {
      const child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', script, dataFile], {
        cwd: REPO_ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, killAfterMs));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const state = await readDataFile(dataFile); // throws if torn
      const count = state!.hostings[0].mailboxes.filter((m) => m.mailbox_name.startsWith('crash-')).length;
      expect(count).toBeGreaterThanOrEqual(previous); // nothing committed is ever lost
      previous = count;
    }
    expect(previous).toBeGreaterThan(0);
    const restarted = await start();
    const listed = await call(restarted, 'GET', hostingPath(restarted, '/mailboxes?per_page=1000'));
    expect(listed.json.total).toBe(previous + DEFAULT_SEED.hostings[0].mailboxes.length);
  });
});
