/** Every client operation against the sandbox over real HTTP. */
import { key, useSandbox } from './client-support';

const world = useSandbox();
const ALICE = 100001;
const BRUNO = 100002;
const CHLOE = 100003;

describe('mailboxes', () => {
  it('lists, shows, creates and deletes', async () => {
    const client = world.client();
    const names = (await client.mailboxes.list(world.demo.hosting)).map((m) => m.mailbox_name);
    expect(names).toEqual(expect.arrayContaining(['demonstration', 'ancien-compte', 'contact']));

    const demo = await client.mailboxes.show(world.demo);
    expect(demo.email).toBe(world.email('demonstration'));

    const created = await client.mailboxes.create({ hosting: world.demo.hosting, mailbox: 'nouvelle' });
    expect(created.email).toBe(world.email('nouvelle'));
    expect(await client.mailboxes.find({ hosting: world.demo.hosting, mailbox: 'nouvelle' })).toEqual(
      created,
    );

    await client.mailboxes.delete({ hosting: world.demo.hosting, mailbox: 'nouvelle' });
    expect(await client.mailboxes.find({ hosting: world.demo.hosting, mailbox: 'nouvelle' })).toBeUndefined();
  });
});

describe('devices', () => {
  it('creates a device with a generated password under its exact label, in two requests', async () => {
    const client = world.client();
    await world.hooks.resetRequests();
    const device = await client.devices.create(world.demo, { label: 'CRM', protocols: ['smtp'] });
    expect(device).toMatchObject({ label: 'CRM', protocols: ['smtp'], user_id: null, is_generic: false });
    expect(device.password.length).toBeGreaterThan(0);
    expect(await world.hooks.verify(world.email('demonstration'), device.password)).toBe(true);
    const { counts, total } = await world.hooks.requests();
    expect(counts).toEqual({ [key('POST', 'devices')]: 1, [key('PATCH', 'deviceLabel')]: 1 });
    expect(total).toBe(2);
    const listed = await client.devices.list(world.demo);
    const { password: _password, ...withoutPassword } = device;
    expect(listed).toEqual([withoutPassword]);
    expect(JSON.stringify(listed)).not.toContain(device.password);
  });

  it('creates with a chosen password and regenerates with and without one', async () => {
    const client = world.client();
    const chosen = 'my-chosen-password-0001';
    const device = await client.devices.create(world.demo, {
      label: 'Phone',
      protocols: ['imap', 'smtp'],
      password: chosen,
    });
    expect(device.password).toBe(chosen);
    const email = world.email('demonstration');
    expect(await world.hooks.verify(email, chosen)).toBe(true);

    const regenerated = await client.devices.regenerate(world.demo, device.id);
    expect(regenerated.id).toBe(device.id);
    expect(regenerated.password).not.toBe(chosen);
    expect(await world.hooks.verify(email, chosen)).toBe(false);
    expect(await world.hooks.verify(email, regenerated.password)).toBe(true);

    const again = await client.devices.regenerate(world.demo, device.id, {
      password: 'another-chosen-pass-02',
    });
    expect(again.password).toBe('another-chosen-pass-02');
    expect(await world.hooks.verify(email, regenerated.password)).toBe(false);
    expect(await world.hooks.verify(email, again.password)).toBe(true);
  });

  it('relabels, revokes one (others keep working) and revokes all', async () => {
    const client = world.client();
    const email = world.email('demonstration');
    const a = await client.devices.create(world.demo, { label: 'A', protocols: ['imap'] });
    const b = await client.devices.create(world.demo, { label: 'B', protocols: ['imap'] });

    const relabelled = await client.devices.updateLabel(a.id, 'A (laptop)');
    expect(relabelled).toMatchObject({ id: a.id, label: 'A (laptop)' });

    await client.devices.revoke(world.demo, a.id);
    expect(await world.hooks.verify(email, a.password)).toBe(false);
    expect(await world.hooks.verify(email, b.password)).toBe(true);
    expect((await client.devices.list(world.demo)).map((d) => d.id)).toEqual([b.id]);

    await client.devices.revokeAll(world.demo);
    expect(await client.devices.list(world.demo)).toEqual([]);
    expect(await world.hooks.verify(email, b.password)).toBe(false);
  });

  it("lists and revokes a user's devices", async () => {
    const client = world.client();
    const mine = await client.devices.create(world.demo, {
      label: 'Alice phone',
      protocols: ['imap'],
      user_id: ALICE,
    });
    const other = await client.devices.create(world.demo, { label: 'Shared', protocols: ['imap'] });
    expect((await client.devices.listForUser(world.demo, ALICE)).map((d) => d.id)).toEqual([mine.id]);
    await client.devices.revokeForUser(world.demo, ALICE);
    expect(await client.devices.listForUser(world.demo, ALICE)).toEqual([]);
    expect((await client.devices.list(world.demo)).map((d) => d.id)).toEqual([other.id]);
  });

  it('shows the generic password of a legacy address, without a password', async () => {
    const devices = await world.client().devices.list(world.legacy);
    expect(devices).toEqual([expect.objectContaining({ is_generic: true })]);
    expect(devices[0]).not.toHaveProperty('password');
  });
});

describe('webmail access', () => {
  it('lists users and invitations, and users alone', async () => {
    const client = world.client();
    const access = await client.webmail.list(world.contact);
    expect(access.users.map((u) => u.user_id).sort()).toEqual([ALICE, BRUNO]);
    expect(access.invitations).toEqual([]);
    expect((await client.webmail.listUsers(world.contact)).map((u) => u.user_id).sort()).toEqual([
      ALICE,
      BRUNO,
    ]);
  });

  it('grants, changes permissions and removes one user', async () => {
    const client = world.client();
    const granted = await client.webmail.grant(world.contact, CHLOE, ['read']);
    expect(granted).toMatchObject({ user_id: CHLOE, permissions: ['read'] });
    const updated = await client.webmail.updatePermissions(world.contact, CHLOE, ['read', 'send']);
    expect(updated.permissions).toEqual(['read', 'send']);
    await client.webmail.remove(world.contact, CHLOE);
    const users = (await client.webmail.listUsers(world.contact)).map((u) => u.user_id).sort();
    expect(users).toEqual([ALICE, BRUNO]);
  });

  it('creates an invitation link (shown once) and sends it', async () => {
    const client = world.client();
    const invitation = await client.webmail.createInvitation(world.demo, ['read']);
    expect(invitation).toMatchObject({ email: null, status: 'pending', permissions: ['read'] });
    expect(invitation.url).toMatch(/^http/);
    expect(invitation.expires_at - invitation.created_at).toBe(30 * 24 * 3600);

    const sent = await client.webmail.sendInvitation(world.demo, invitation.id, 'new.person@example.org');
    expect(sent).toMatchObject({ id: invitation.id, email: 'new.person@example.org', status: 'sent' });

    const listed = (await client.webmail.list(world.demo)).invitations;
    expect(listed).toEqual([sent]);
    expect(JSON.stringify(listed)).not.toContain(invitation.url);
  });
});

describe('organisation', () => {
  it('lists the users of the organisation', async () => {
    const users = await world.client().organisation.listUsers(world.demo.hosting);
    expect(users.map((u) => u.user_id).sort()).toEqual([ALICE, BRUNO, CHLOE]);
  });
});
