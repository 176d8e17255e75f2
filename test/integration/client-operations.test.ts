/** Every client operation against the sandbox over real HTTP, on the seed of provider/sandbox/seed.ts. */
import { isGenericPassword } from '../../provider/infomaniak';
import {
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_ACCESS_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_ORGANISATION_ID,
} from '../../provider/sandbox';
import { key, useSandbox } from './client-support';

const world = useSandbox();
const ALICE = 100001;
const BRUNO = 100002;
const CHLOE = 100003;

describe('mailboxes', () => {
  it('lists, shows, finds and creates (granting nobody)', async () => {
    const client = world.client();
    const names = (await client.mailboxes.list(world.demo.hosting)).map((m) => m.mailboxName);
    expect(names).toEqual(expect.arrayContaining(['demonstration', 'ancien-compte', 'contact']));

    const legacy = await client.mailboxes.show(world.legacy);
    expect(legacy).toMatchObject({
      mailboxName: 'ancien-compte',
      email: world.email('ancien-compte'),
      asciiEmail: world.email('ancien-compte'),
      hasGenericPassword: true,
    });
    expect(legacy.accessRights?.can_create_device).toBe(true);
    expect((await client.mailboxes.show(world.demo)).hasGenericPassword).toBe(false);

    const ref = { hosting: world.demo.hosting, mailbox: 'nouvelle' };
    expect(await client.mailboxes.find(ref)).toBeUndefined();
    const created = await client.mailboxes.create(ref, { note: 'créée par les tests' });
    expect(created).toMatchObject({ email: world.email('nouvelle'), note: 'créée par les tests' });
    expect(await client.mailboxes.find(ref)).toEqual(created);
    expect(await client.webmail.list(ref)).toEqual({ users: [], invitations: [] });
    expect(await client.devices.list(ref)).toEqual([]);
  });
});

describe('devices', () => {
  it('lists the seed, the generic password included as type legacy', async () => {
    const client = world.client();
    const legacy = await client.devices.list(world.legacy);
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toMatchObject({ accessId: SANDBOX_GENERIC_ACCESS_ID, type: 'legacy' });
    expect(isGenericPassword(legacy[0])).toBe(true);
    const contact = await client.devices.list(world.contact);
    expect(contact).toEqual([
      expect.objectContaining({
        accessId: SANDBOX_CONTACT_ACCESS_ID,
        deviceId: SANDBOX_CONTACT_DEVICE_ID,
        label: 'Outlook (Bruno)',
        type: 'computer',
        protocols: 'pop3-imap',
        status: 'healthy',
      }),
    ]);
    expect(await world.hooks.verify(world.email('ancien-compte'), SANDBOX_GENERIC_PASSWORD)).toBe(true);
  });

  it('creates under its final label in one POST, with a working password', async () => {
    const client = world.client();
    await world.hooks.resetRequests();
    const created = await client.devices.create(world.demo, {
      label: 'CRM',
      protocols: 'imap',
      type: 'computer',
    });
    expect(created).toMatchObject({ label: 'CRM', protocols: 'imap', type: 'computer', userId: null });
    expect(await world.hooks.verify(world.email('demonstration'), created.password)).toBe(true);
    const { counts } = await world.hooks.requests();
    expect(counts[key('POST', 'devices')]).toBe(1);
    expect(counts[key('PATCH', 'deviceLabel')]).toBeUndefined();
    const listed = await client.devices.list(world.demo);
    const { password: _password, ...withoutPassword } = created;
    expect(listed).toEqual([withoutPassword]);
    expect(JSON.stringify(listed)).not.toContain(created.password);
  });

  it('a second access with the same label is told apart from the first', async () => {
    const client = world.client();
    const first = await client.devices.create(world.demo, { label: 'Téléphone', protocols: 'imap' });
    const second = await client.devices.create(world.demo, { label: 'Téléphone', protocols: 'pop3' });
    expect(second.accessId).not.toBe(first.accessId);
    expect(await world.hooks.verify(world.email('demonstration'), second.password)).toBe(true);
    expect(await client.devices.list(world.demo)).toHaveLength(2);
  });

  it('gives an existing Device access to a second address', async () => {
    const client = world.client();
    const phone = await client.devices.create(world.demo, {
      label: 'Phone (Alice)',
      protocols: 'imap',
      userId: ALICE,
    });
    const second = await client.devices.create(world.contact, {
      protocols: 'imap',
      deviceId: phone.deviceId,
      userId: ALICE,
    });
    expect(second).toMatchObject({ deviceId: phone.deviceId, label: 'Phone (Alice)', userId: ALICE });
    expect(await world.hooks.verify(world.email('contact'), second.password)).toBe(true);
  });

  it('regenerates (old password stops), relabels the Device, revokes one and all', async () => {
    const client = world.client();
    const email = world.email('demonstration');
    const a = await client.devices.create(world.demo, { label: 'A', protocols: 'imap' });
    const b = await client.devices.create(world.demo, { label: 'B', protocols: 'imap' });

    const { password } = await client.devices.regenerate(world.demo, a.accessId);
    expect(password).not.toBe(a.password);
    expect(await world.hooks.verify(email, a.password)).toBe(false);
    expect(await world.hooks.verify(email, password)).toBe(true);

    await client.devices.relabel(a.deviceId, 'A (portable)');
    expect((await client.devices.list(world.demo)).find((d) => d.accessId === a.accessId)?.label).toBe(
      'A (portable)',
    );

    await client.devices.revoke(world.demo, a.accessId);
    expect(await world.hooks.verify(email, password)).toBe(false);
    expect(await world.hooks.verify(email, b.password)).toBe(true);
    await client.devices.revokeAll(world.demo);
    expect(await client.devices.list(world.demo)).toEqual([]);
  });

  it("lists and revokes one user's accesses", async () => {
    const client = world.client();
    await client.devices.create(world.demo, { label: 'Bruno 1', protocols: 'imap', userId: BRUNO });
    const alice = await client.devices.create(world.demo, {
      label: 'Alice 1',
      protocols: 'imap',
      userId: ALICE,
    });
    expect((await client.devices.listForUser(world.demo, BRUNO)).map((d) => d.label)).toEqual(['Bruno 1']);
    await client.devices.revokeForUser(world.demo, BRUNO);
    expect((await client.devices.list(world.demo)).map((d) => d.accessId)).toEqual([alice.accessId]);
  });
});

describe('webmail', () => {
  it('lists the seed split into users and invitations', async () => {
    const client = world.client();
    const access = await client.webmail.list(world.contact);
    expect(access.invitations).toEqual([]);
    expect(access.users.map((u) => [u.userId, u.permissions])).toEqual(
      expect.arrayContaining([
        [ALICE, ['manage_filters', 'manage_signatures', 'manage_auto_reply']],
        [BRUNO, ['manage_signatures']],
      ]),
    );
    expect((await client.webmail.listUsers(world.contact)).map((u) => u.userId).sort()).toEqual([
      ALICE,
      BRUNO,
    ]);
  });

  it('grants, updates permissions and removes', async () => {
    const client = world.client();
    await client.webmail.grant(world.demo, CHLOE, ['restore_emails', 'access_logs']);
    let users = (await client.webmail.list(world.demo)).users;
    expect(users).toEqual([
      expect.objectContaining({
        userId: CHLOE,
        firstName: 'Chloé',
        permissions: ['restore_emails', 'access_logs'],
      }),
    ]);
    await client.webmail.updatePermissions(world.demo, CHLOE, []);
    users = (await client.webmail.list(world.demo)).users;
    expect(users[0].permissions).toEqual([]);
    await client.webmail.remove(world.demo, CHLOE);
    expect((await client.webmail.list(world.demo)).users).toEqual([]);
  });

  it('creates, sends and withdraws an invitation', async () => {
    const client = world.client();
    const invitation = await client.webmail.createInvitation(world.demo, {
      permissions: ['manage_filters'],
      firstName: 'Dora',
      lastName: 'Nouvelle',
    });
    expect(invitation).toMatchObject({ sentTo: null, permissions: ['manage_filters'] });
    expect(invitation.url).toMatch(/^https?:\/\//);
    await client.webmail.sendInvitation(world.demo, invitation.key, {
      email: 'dora@example.ch',
      language: 'fr',
    });
    const listed = (await client.webmail.list(world.demo)).invitations;
    expect(listed).toEqual([expect.objectContaining({ key: invitation.key, sentTo: 'dora@example.ch' })]);
    await client.webmail.withdrawInvitation(world.demo, invitation.key);
    expect((await client.webmail.list(world.demo)).invitations).toEqual([]);
    // Withdrawing again: already gone, not an error.
    await client.webmail.withdrawInvitation(world.demo, invitation.key);
  });
});

describe('organisation', () => {
  it('sees both Mail Services, finds the account, lists its users', async () => {
    const client = world.client();
    const services = await client.organisation.mailServices();
    expect(services.map((s) => s.id).sort()).toEqual([world.demo.hosting, world.pending.hosting].sort());
    expect(await client.organisation.accountOf(world.demo.hosting)).toBe(SANDBOX_ORGANISATION_ID);
    const users = await client.organisation.listUsers(world.demo.hosting);
    expect(users.map((u) => [u.userId, u.displayName])).toEqual(
      expect.arrayContaining([
        [ALICE, 'Alice Martin'],
        [BRUNO, 'Bruno Keller'],
        [CHLOE, 'Chloé Dubois'],
      ]),
    );
  });
});
