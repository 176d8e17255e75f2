/**
 * /__sandbox/verify costs one scrypt per password the sandbox generated, however many
 * devices the address has; a data file of an earlier run still verifies (and then costs
 * one too). scrypt calls are counted, never timed.
 */
import crypto from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEVICE_LIST_WITH, routePath } from '../infomaniak/wire';
import { SandboxHooksClient } from './hooks-client';
import { startSandbox, type RunningSandbox } from './index';
import { SANDBOX_DOMAIN, SANDBOX_MAIL_HOSTING_ID } from './seed';

const DEVICES = 12;
const EMAIL = `contact@${SANDBOX_DOMAIN}`;
const params = { hosting: SANDBOX_MAIL_HOSTING_ID, mailbox: 'contact' };

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'sandbox-verify-'))));
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function api(sandbox: RunningSandbox, method: string, url: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.tokens.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return ((await response.json()) as { data: { password: string } }).data;
}

async function createDevices(sandbox: RunningSandbox): Promise<string[]> {
  const passwords: string[] = [];
  for (let i = 0; i < DEVICES; i++)
    passwords.push(
      (await api(sandbox, 'POST', routePath('devices', params), { label: `d${i}`, protocols: 'imap' }))
        .password,
    );
  return passwords;
}

/** How many scrypt runs `run` makes. */
async function scryptCalls(run: () => Promise<void>): Promise<number> {
  const spy = jest.spyOn(crypto, 'scrypt');
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

async function verifyAll(hooks: SandboxHooksClient, passwords: readonly string[]): Promise<void> {
  for (const password of passwords) expect(await hooks.verify(EMAIL, password)).toBe(true);
}

it(`verifying ${DEVICES} passwords on an address of ${DEVICES}+ devices makes ${DEVICES} scrypt calls`, async () => {
  const sandbox = await startSandbox({ testHooks: true });
  try {
    const hooks = new SandboxHooksClient(sandbox.url);
    const passwords = await createDevices(sandbox);
    expect(await scryptCalls(() => verifyAll(hooks, passwords))).toBe(DEVICES);

    // A regenerated password replaces the old one in the index too.
    const listed = await fetch(`${sandbox.url}${routePath('devices', params)}?with=${DEVICE_LIST_WITH}`, {
      headers: { authorization: `Bearer ${sandbox.tokens.admin}` },
    });
    const items = ((await listed.json()) as { data: { id: number; device: { label: string } }[] }).data;
    const d0 = items.find((a) => a.device.label === 'd0')!;
    const { password } = await api(sandbox, 'POST', routePath('deviceAccess', { ...params, access: d0.id }));
    expect(await scryptCalls(async () => expect(await hooks.verify(EMAIL, password)).toBe(true))).toBe(1);
    expect(await hooks.verify(EMAIL, passwords[0])).toBe(false);
  } finally {
    await sandbox.close();
  }
});

it('a data file of an earlier run verifies, then costs one scrypt a password; it holds no password', async () => {
  const dataFile = path.join(dir, 'state.json');
  const first = await startSandbox({ testHooks: true, dataFile });
  const passwords = await createDevices(first);
  await first.close();

  const second = await startSandbox({ testHooks: true, dataFile });
  try {
    const hooks = new SandboxHooksClient(second.url);
    // Unknown to this process: tried one by one, as before the index.
    expect(await scryptCalls(() => verifyAll(hooks, passwords))).toBeGreaterThan(DEVICES);
    expect(await scryptCalls(() => verifyAll(hooks, passwords))).toBe(DEVICES);
  } finally {
    await second.close();
  }
  const text = await readFile(dataFile, 'utf8');
  for (const password of passwords) expect(text).not.toContain(password);
});
