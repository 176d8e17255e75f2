/**
 * Concurrent creates of one address, against the sandbox: they share their lists (counted
 * with the sandbox's request log), and a fault in one POST of the batch still recovers
 * with no second device and no lost password. Which password belongs to which access is
 * checked by revoking the access: its password must stop working, the others not.
 */
import { SandboxHooksClient, startSandbox, type RunningSandbox } from '../sandbox';
import { MailClient } from './client';
import { CreatedButUnreadError } from './create-errors';
import type { CreatedDeviceAccess } from './model';
import { routes } from './wire';

const LIST = `GET ${routes.devices}`;
const POST = `POST ${routes.devices}`;
const REGENERATE = `POST ${routes.deviceAccess}`;

let sandbox: RunningSandbox;
let hooks: SandboxHooksClient;
let client: MailClient;
let ref: { hosting: number; mailbox: string };
let email: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, testHooks: true });
  hooks = new SandboxHooksClient(sandbox.url);
});

beforeEach(async () => {
  await hooks.reset();
  client = new MailClient({
    token: sandbox.tokens.admin,
    endpoint: sandbox.url,
    requestsPerMinute: 60_000,
    burst: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  });
  ref = { hosting: sandbox.mailHostingId, mailbox: 'demonstration' };
  email = `demonstration@${sandbox.domain}`;
});

afterEach(async () => {
  await client?.close();
});

afterAll(async () => {
  await sandbox?.close();
});

const createAll = (labels: readonly string[]) =>
  Promise.all(labels.map((label) => client.devices.create(ref, { label, protocols: 'imap' })));

/** Every created access exists once, and each password opens the address until its own access is revoked. */
async function expectEachPasswordItsOwn(created: readonly CreatedDeviceAccess[]): Promise<void> {
  const listed = await client.devices.list(ref);
  expect(listed.map((a) => a.accessId).sort()).toEqual(created.map((c) => c.accessId).sort());
  for (const c of created) expect(await hooks.verify(email, c.password)).toBe(true);
  const [first, ...rest] = created;
  await client.devices.revoke(ref, first.accessId);
  expect(await hooks.verify(email, first.password)).toBe(false);
  for (const c of rest) expect(await hooks.verify(email, c.password)).toBe(true);
}

const labels = (n: number, prefix = 'device') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('concurrent creates of one address', () => {
  it('ten at once: one list before, one after; ten more: one list; a read after them: none', async () => {
    await hooks.resetRequests();
    const wave1 = await createAll(labels(10, 'first'));
    let counts = (await hooks.requests()).counts;
    expect({ posts: counts[POST], lists: counts[LIST] }).toEqual({ posts: 10, lists: 2 });
    expect(wave1.map((c) => c.label)).toEqual(labels(10, 'first'));

    await hooks.resetRequests();
    const wave2 = await createAll(labels(10, 'second'));
    expect(await client.devices.listCurrent(ref)).toHaveLength(20);
    counts = (await hooks.requests()).counts;
    expect({ posts: counts[POST], lists: counts[LIST] }).toEqual({ posts: 10, lists: 1 });
    await expectEachPasswordItsOwn([...wave1, ...wave2]);
  });

  it('a mailbox this client creates needs no list before its first creates', async () => {
    const fresh = { hosting: ref.hosting, mailbox: 'fresh-start' };
    await client.mailboxes.create(fresh);
    await hooks.resetRequests();
    await Promise.all(labels(5).map((label) => client.devices.create(fresh, { label, protocols: 'imap' })));
    expect((await hooks.requests()).counts[LIST]).toBe(1);
  });

  it('one answer lost after commit and one 500 in the batch: recovered, no second device, every password works', async () => {
    await hooks.addFault({ route: POST, mode: 'drop_after_commit', count: 1 });
    await hooks.addFault({ route: POST, mode: 'status', status: 500, count: 1 });
    await hooks.resetRequests();
    const created = await createAll(labels(10));
    const counts = (await hooks.requests()).counts;
    // The lost answer: found and regenerated. The 500 made nothing: POSTed again.
    expect(counts[REGENERATE]).toBe(1);
    expect(counts[POST]).toBe(11);
    expect(counts[LIST]).toBeLessThanOrEqual(4);
    expect(created.map((c) => c.label)).toEqual(labels(10));
    await expectEachPasswordItsOwn(created);
  });

  it('two creates with the same label in one batch take turns: each finds its own access', async () => {
    await hooks.resetRequests();
    const created = await createAll(['Twin', 'other 1', 'Twin', 'other 2']);
    const twins = created.filter((c) => c.label === 'Twin');
    expect(new Set(twins.map((t) => t.accessId)).size).toBe(2);
    // Revoking each twin in turn stops its own password only.
    await expectEachPasswordItsOwn([twins[0], twins[1], ...created.filter((c) => c.label !== 'Twin')]);
    await client.devices.revoke(ref, twins[1].accessId);
    expect(await hooks.verify(email, twins[1].password)).toBe(false);
    for (const c of created.filter((c) => c.label !== 'Twin'))
      expect(await hooks.verify(email, c.password)).toBe(true);
  });

  it('same label from two clients at once: never wrongly assigned, the passwords kept in the errors', async () => {
    const second = new MailClient({
      token: sandbox.tokens.admin,
      endpoint: sandbox.url,
      requestsPerMinute: 60_000,
    });
    try {
      // Two provider processes creating the same label: their before-lists miss each other's access.
      await Promise.all([client.devices.list(ref), second.devices.list(ref)]);
      const settled = await Promise.allSettled([
        client.devices.create(ref, { label: 'Same', protocols: 'imap' }),
        second.devices.create(ref, { label: 'Same', protocols: 'imap' }),
      ]);
      const listed = (await client.devices.list(ref)).filter((a) => a.label === 'Same');
      expect(listed).toHaveLength(2);
      const found: CreatedDeviceAccess[] = [];
      const passwords: string[] = [];
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled') {
          expect(listed.map((a) => a.accessId)).toContain(outcome.value.accessId);
          found.push(outcome.value);
          passwords.push(outcome.value.password);
          continue;
        }
        // Both new ones appeared in its after-list: it cannot tell which is its own, and says so.
        expect(outcome.reason).toBeInstanceOf(CreatedButUnreadError);
        const unread = outcome.reason as CreatedButUnreadError;
        expect([...unread.candidates].sort()).toEqual(listed.map((a) => a.accessId).sort());
        passwords.push(unread.password);
      }
      for (const password of passwords) expect(await hooks.verify(email, password)).toBe(true);
      if (found.length > 0) {
        // One that was resolved got its own access: revoking it stops its password, not the other's.
        await client.devices.revoke(ref, found[0].accessId);
        expect(await hooks.verify(email, found[0].password)).toBe(false);
        for (const password of passwords.filter((p) => p !== found[0].password))
          expect(await hooks.verify(email, password)).toBe(true);
      }
    } finally {
      await second.close();
    }
  });
});
