import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyPassword } from './passwords';
import {
  DEFAULT_SEED,
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_MAIL_HOSTING_ID,
  SANDBOX_READONLY_TOKEN,
  loadSeed,
} from './seed';
import { parseState } from './state';

describe('default seed', () => {
  it('is a valid state with stable ids and long tokens', async () => {
    const seed = await loadSeed();
    expect(seed.hostings[0].id).toBe(SANDBOX_MAIL_HOSTING_ID);
    expect(seed.hostings[0].domain).toBe('exemple-domaine.ch');
    expect(seed.hostings[0].mailboxes.map((m) => m.mailbox_name)).toEqual(
      expect.arrayContaining(['demonstration', 'ancien-compte']),
    );
    expect(SANDBOX_ADMIN_TOKEN.length).toBeGreaterThanOrEqual(32);
    expect(SANDBOX_READONLY_TOKEN.length).toBeGreaterThanOrEqual(32);
    expect(seed.next_ids.device).toBeGreaterThan(SANDBOX_GENERIC_DEVICE_ID);
  });

  it('holds the generic password as a hash of the documented sandbox password, never in clear', async () => {
    const seed = await loadSeed();
    const legacy = seed.hostings[0].mailboxes.find((m) => m.mailbox_name === 'ancien-compte');
    const generic = legacy?.devices.find((d) => d.id === SANDBOX_GENERIC_DEVICE_ID);
    expect(generic?.is_generic).toBe(true);
    await expect(verifyPassword(SANDBOX_GENERIC_PASSWORD, generic!.password_hash)).resolves.toBe(true);
    expect(JSON.stringify(DEFAULT_SEED)).not.toContain(SANDBOX_GENERIC_PASSWORD);
  });
});

describe('seed files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-seed-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a custom seed and derives the next ids', async () => {
    const file = path.join(dir, 'seed.json');
    const custom = JSON.parse(JSON.stringify(DEFAULT_SEED));
    delete custom.next_ids;
    custom.hostings[0].id = 42;
    await writeFile(file, JSON.stringify(custom));
    const seed = await loadSeed(file);
    expect(seed.hostings[0].id).toBe(42);
    expect(seed.next_ids.device).toBe(7000003);
  });

  it('rejects a device carrying a clear password instead of a hash', () => {
    const custom = JSON.parse(JSON.stringify(DEFAULT_SEED));
    custom.hostings[0].mailboxes[1].devices[0].password_hash = 'a-clear-password-1234';
    expect(() => parseState(custom, 'seed.json')).toThrow(/password_hash: must be an scrypt hash/);
  });

  it('rejects a seed without a read-only token or with a duplicate device id', () => {
    const noReadonly = JSON.parse(JSON.stringify(DEFAULT_SEED));
    noReadonly.tokens = noReadonly.tokens.filter((t: { rights: string }) => t.rights === 'admin');
    expect(() => parseState(noReadonly, 'seed.json')).toThrow(/readonly token/);
    const duplicate = JSON.parse(JSON.stringify(DEFAULT_SEED));
    duplicate.hostings[0].mailboxes[2].devices[0].id = SANDBOX_GENERIC_DEVICE_ID;
    expect(() => parseState(duplicate, 'seed.json')).toThrow(/used twice/);
  });

  it('names the file when it is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{');
    await expect(loadSeed(file)).rejects.toThrow(`seed file ${file} is not valid JSON`);
  });
});
