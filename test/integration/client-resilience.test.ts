/**
 * Retries, reconciliation, paging and the rate limiter against the sandbox. Timing is
 * asserted only on the sandbox's own request log (counts and arrival timestamps).
 */
import { key, useSandbox } from './client-support';

const world = useSandbox();

async function entriesFor(routeKey: string) {
  return (await world.hooks.requests()).entries.filter((e) => e.key === routeKey);
}

describe('retries', () => {
  it('honours Retry-After on 429 before trying again', async () => {
    await world.hooks.addFault({
      route: key('GET', 'mailbox'),
      mode: 'status',
      status: 429,
      retry_after: 1,
      count: 1,
    });
    await expect(world.client().mailboxes.show(world.demo)).resolves.toMatchObject({
      mailbox_name: 'demonstration',
    });
    const [limited, retried] = await entriesFor(key('GET', 'mailbox'));
    expect(limited.status).toBe(429);
    expect(retried.status).toBe(200);
    expect(retried.at_ms - limited.at_ms).toBeGreaterThanOrEqual(1000);
  });

  it('retries 5xx on an idempotent call until it succeeds', async () => {
    await world.hooks.addFault({ route: key('GET', 'devices'), mode: 'status', status: 503, count: 2 });
    await expect(world.client().devices.list(world.legacy)).resolves.toHaveLength(1);
    expect((await entriesFor(key('GET', 'devices'))).map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('retries a connection reset on an idempotent call', async () => {
    await world.hooks.addFault({ route: key('PATCH', 'webmailUser'), mode: 'reset', count: 1 });
    const user = await world.client().webmail.updatePermissions(world.contact, 100002, ['read', 'send']);
    expect(user.permissions).toEqual(['read', 'send']);
    expect((await entriesFor(key('PATCH', 'webmailUser'))).map((e) => e.status)).toEqual([null, 200]);
  });

  it('a revoke whose answer was lost is done, not an error', async () => {
    const client = world.client();
    const device = await client.devices.create(world.demo, { label: 'x', protocols: ['imap'] });
    await world.hooks.addFault({ route: key('DELETE', 'device'), mode: 'drop_after_commit', count: 1 });
    await expect(client.devices.revoke(world.demo, device.id)).resolves.toBeUndefined();
    expect((await entriesFor(key('DELETE', 'device'))).map((e) => e.status)).toEqual([null, 404]);
  });
});

describe('creates are reconciled, never duplicated', () => {
  const email = () => world.email('demonstration');

  it('device: no duplicate after drop_after_commit, and the password returned works', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'drop_after_commit', count: 1 });
    const client = world.client();
    const device = await client.devices.create(world.demo, { label: 'CRM', protocols: ['smtp'] });
    const devices = await client.devices.list(world.demo);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ id: device.id, label: 'CRM' });
    expect(await world.hooks.verify(email(), device.password)).toBe(true);
    const { counts } = await world.hooks.requests();
    expect(counts[key('POST', 'devices')]).toBe(1);
    expect(counts[key('POST', 'device')]).toBe(1); // the regenerate that recovered a password
  });

  it('device: a chosen password survives the recovery', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'drop_after_commit', count: 1 });
    const chosen = 'chosen-password-for-recovery';
    const device = await world
      .client()
      .devices.create(world.demo, { label: 'CRM', protocols: ['smtp'], password: chosen });
    expect(device.password).toBe(chosen);
    expect(await world.hooks.verify(email(), chosen)).toBe(true);
    expect(await world.client().devices.list(world.demo)).toHaveLength(1);
  });

  it('device: a 5xx before commit is checked, then created once', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'status', status: 500, count: 1 });
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'reset', count: 1 });
    const device = await world.client().devices.create(world.demo, { label: 'CRM', protocols: ['smtp'] });
    expect(await world.client().devices.list(world.demo)).toEqual([
      expect.objectContaining({ id: device.id, label: 'CRM' }),
    ]);
    expect(await world.hooks.verify(email(), device.password)).toBe(true);
    const { counts } = await world.hooks.requests();
    expect(counts[key('POST', 'devices')]).toBe(3);
    expect(counts[key('GET', 'devices')]).toBe(3); // two checks, one listing above
  });

  it('device: many lost answers in a row still make one device', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'drop_after_commit', count: 1 });
    await world.hooks.addFault({ route: key('POST', 'device'), mode: 'status', status: 503, count: 1 });
    await world.hooks.addFault({ route: key('PATCH', 'deviceLabel'), mode: 'drop_after_commit', count: 1 });
    const device = await world.client().devices.create(world.demo, { label: 'CRM', protocols: ['smtp'] });
    expect(await world.client().devices.list(world.demo)).toEqual([
      expect.objectContaining({ id: device.id, label: 'CRM' }),
    ]);
    expect(await world.hooks.verify(email(), device.password)).toBe(true);
  });

  it('grant: no second request after drop_after_commit', async () => {
    await world.hooks.addFault({ route: key('POST', 'webmail'), mode: 'drop_after_commit', count: 1 });
    const user = await world.client().webmail.grant(world.demo, 100003, ['read', 'send']);
    expect(user).toMatchObject({ user_id: 100003, permissions: ['read', 'send'] });
    const { counts } = await world.hooks.requests();
    expect(counts[key('POST', 'webmail')]).toBe(1);
    expect(await world.client().webmail.listUsers(world.demo)).toHaveLength(1);
  });

  it('invitation: a lost link is replaced by a fresh one and the leftover is reported', async () => {
    await world.hooks.addFault({ route: key('POST', 'invitations'), mode: 'drop_after_commit', count: 1 });
    const warnings: string[] = [];
    const client = world.client({ logger: { warn: (line) => warnings.push(line) } });
    const invitation = await client.webmail.createInvitation(world.demo, ['read']);
    expect(invitation.url).toMatch(/^http/);
    const listed = (await client.webmail.list(world.demo)).invitations;
    expect(listed).toHaveLength(2);
    const leftover = listed.find((i) => i.id !== invitation.id)!;
    expect(warnings.join('\n')).toContain(`invitation ${leftover.id}`);
    expect(warnings.join('\n')).not.toContain(invitation.url);
  });

  it('mailbox: found by name after drop_after_commit', async () => {
    await world.hooks.addFault({ route: key('POST', 'mailboxes'), mode: 'drop_after_commit', count: 1 });
    const ref = { hosting: world.demo.hosting, mailbox: 'support' };
    const mailbox = await world.client().mailboxes.create(ref);
    expect(mailbox.email).toBe(world.email('support'));
    expect((await world.hooks.requests()).counts[key('POST', 'mailboxes')]).toBe(1);
  });
});

describe('paging', () => {
  it('walks more than one page', async () => {
    const client = world.client({ perPage: 2 });
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push(await client.devices.create(world.demo, { label: `D${i}`, protocols: ['imap'] }));
    await world.hooks.resetRequests();
    const listed = await client.devices.list(world.demo);
    expect(listed.map((d) => d.id)).toEqual(created.map((d) => d.id));
    expect((await world.hooks.requests()).counts).toEqual({ [key('GET', 'devices')]: 3 });
    expect(await client.organisation.listUsers(world.demo.hosting, { perPage: 1 })).toHaveLength(3);
  });
});

describe('rate limiter', () => {
  it('keeps a burst within the configured rate, as the sandbox saw it', async () => {
    const perMinute = 600; // one every 100 ms
    const burst = 3;
    const client = world.client({ requestsPerMinute: perMinute, burst });
    await world.hooks.resetRequests();
    await Promise.all(Array.from({ length: 12 }, () => client.mailboxes.show(world.demo)));
    const arrivals = (await entriesFor(key('GET', 'mailbox'))).map((e) => e.at_ms).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(12);
    // In any window between two arrivals, at most burst + rate × window requests;
    // 50 ms of slack absorbs the delivery jitter of a loopback connection.
    const interval = 60_000 / perMinute;
    for (let i = 0; i < arrivals.length; i++) {
      for (let j = i; j < arrivals.length; j++) {
        const window = arrivals[j] - arrivals[i];
        expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor((window + 50) / interval));
      }
    }
  });

  it('a 429 pauses every call of the client, not only the one that got it', async () => {
    await world.hooks.addFault({
      route: key('GET', 'mailbox'),
      mode: 'status',
      status: 429,
      retry_after: 1,
      count: 1,
    });
    let other: Promise<unknown> | undefined;
    const client = world.client({
      logger: {
        // Start a second, unrelated call the moment the 429 is seen: it must wait too.
        debug: (_line, event) => {
          if (event.outcome === 'rate_limited') other ??= client.organisation.listUsers(world.demo.hosting);
        },
      },
    });
    await client.mailboxes.show(world.demo);
    await other;
    const { entries } = await world.hooks.requests();
    const limited = entries.find((e) => e.status === 429)!;
    const users = entries.find((e) => e.key === key('GET', 'organisationUsers'))!;
    expect(users.at_ms - limited.at_ms).toBeGreaterThanOrEqual(1000);
  });
});
