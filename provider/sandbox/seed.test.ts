import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyPassword } from './passwords';
import {
  DEFAULT_SEED,
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_ACCESS_ID,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_MAIL_HOSTING_ID,
  SANDBOX_PENDING_GENERIC_DEVICE_ID,
  SANDBOX_PENDING_MAIL_HOSTING_ID,
  SANDBOX_READONLY_TOKEN,
  loadSeed,
} from './seed';
import { parseState } from './state';

describe('default seed', () => {
  it('is a valid state with stable ids and long tokens', async () => {
    const seed = await loadSeed();
    expect(seed.hostings.map((h) => [h.id, h.domain, h.accesses_enabled])).toEqual([
      [SANDBOX_MAIL_HOSTING_ID, 'exemple-domaine.ch', true],
      [SANDBOX_PENDING_MAIL_HOSTING_ID, 'pas-encore.ch', false],
    ]);
    expect(seed.hostings[0].mailboxes.map((m) => m.mailbox_name)).toEqual([
      'demonstration',
      'ancien-compte',
      'contact',
    ]);
    expect(seed.hostings[1].mailboxes.map((m) => m.mailbox_name)).toEqual(['info']);
    expect(SANDBOX_ADMIN_TOKEN.length).toBeGreaterThanOrEqual(32);
    expect(SANDBOX_READONLY_TOKEN.length).toBeGreaterThanOrEqual(32);
    expect(seed.next_ids.device).toBeGreaterThan(SANDBOX_PENDING_GENERIC_DEVICE_ID);
    expect(seed.next_ids.access).toBeGreaterThan(SANDBOX_CONTACT_ACCESS_ID);
  });

  it('holds the generic password as a legacy Device access with a hash of the documented password', async () => {
    const seed = await loadSeed();
    const legacy = seed.hostings[0].mailboxes.find((m) => m.mailbox_name === 'ancien-compte');
    const generic = legacy?.device_accesses.find((a) => a.id === SANDBOX_GENERIC_ACCESS_ID);
    expect(generic?.device_id).toBe(SANDBOX_GENERIC_DEVICE_ID);
    expect(seed.devices.find((d) => d.id === SANDBOX_GENERIC_DEVICE_ID)?.type).toBe('legacy');
    await expect(verifyPassword(SANDBOX_GENERIC_PASSWORD, generic!.password_hash)).resolves.toBe(true);
    expect(JSON.stringify(DEFAULT_SEED)).not.toContain(SANDBOX_GENERIC_PASSWORD);
  });

  it('gives Bruno a computer Device "Outlook (Bruno)" on contact, pop3-imap', async () => {
    const seed = await loadSeed();
    const device = seed.devices.find((d) => d.id === SANDBOX_CONTACT_DEVICE_ID);
    expect(device).toMatchObject({ label: 'Outlook (Bruno)', type: 'computer', user_id: 100002 });
    const contact = seed.hostings[0].mailboxes.find((m) => m.mailbox_name === 'contact');
    expect(contact?.device_accesses).toEqual([
      expect.objectContaining({
        id: SANDBOX_CONTACT_ACCESS_ID,
        device_id: device?.id,
        protocols: 'pop3-imap',
      }),
    ]);
    expect(contact?.user_accesses.map((g) => g.user_id)).toEqual([100001, 100002]);
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
    expect(seed.next_ids).toEqual({
      device: 7000004,
      access: 8000004,
      user_access: 9000004,
      mailbox: 300005,
      user: 100004,
    });
  });

  it('rejects a device carrying a clear password instead of a hash', () => {
    const custom = JSON.parse(JSON.stringify(DEFAULT_SEED));
    custom.hostings[0].mailboxes[1].device_accesses[0].password_hash = 'a-clear-password-1234';
    expect(() => parseState(custom, 'seed.json')).toThrow(/password_hash: must be an scrypt hash/);
  });

  it('rejects a seed without a read-only token or with a duplicate device id', () => {
    const noReadonly = JSON.parse(JSON.stringify(DEFAULT_SEED));
    noReadonly.tokens = noReadonly.tokens.filter((t: { rights: string }) => t.rights === 'admin');
    expect(() => parseState(noReadonly, 'seed.json')).toThrow(/readonly token/);
    const duplicate = JSON.parse(JSON.stringify(DEFAULT_SEED));
    duplicate.hostings[0].mailboxes[2].device_accesses[0].id = SANDBOX_GENERIC_ACCESS_ID;
    expect(() => parseState(duplicate, 'seed.json')).toThrow(/device access id 8000001 is used twice/);
    const dangling = JSON.parse(JSON.stringify(DEFAULT_SEED));
    dangling.devices = dangling.devices.filter((d: { id: number }) => d.id !== SANDBOX_CONTACT_DEVICE_ID);
    expect(() => parseState(dangling, 'seed.json')).toThrow(
      /names device 7000002, which is not in "devices"/,
    );
  });

  it('refuses a seed of the previous format with a hint', () => {
    const old = JSON.parse(JSON.stringify(DEFAULT_SEED));
    old.version = 1;
    expect(() => parseState(old, 'seed.json')).toThrow(/version: must be 2 .*--print-seed/);
  });

  it('names the file when it is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{');
    await expect(loadSeed(file)).rejects.toThrow(`seed file ${file} is not valid JSON`);
  });
});
