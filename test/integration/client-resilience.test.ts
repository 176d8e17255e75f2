/**
 * Retries, reconciliation, paging and the rate limiter against the sandbox. Timing is
 * asserted only on the sandbox's own request log (counts and arrival timestamps).
 * Recovery branches that need a failure at one precise request of several (a failing
 * list during recovery, a failing read-back) are covered by device-create.test.ts.
 */
import { failure, key, useSandbox } from './client-support';

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
    await world.client().mailboxes.show(world.demo);
    const [limited, ok] = await entriesFor(key('GET', 'mailbox'));
    expect(limited.status).toBe(429);
    expect(ok.status).toBe(200);
    expect(ok.at_ms - limited.at_ms).toBeGreaterThanOrEqual(1000);
  });

  it('retries 5xx on an idempotent call until it succeeds', async () => {
    await world.hooks.addFault({ route: key('GET', 'devices'), mode: 'status', status: 502, count: 2 });
    await expect(world.client().devices.list(world.contact)).resolves.toHaveLength(1);
    expect(await entriesFor(key('GET', 'devices'))).toHaveLength(3);
  });

  it('a revoke whose answer was lost is done, not an error', async () => {
    const client = world.client();
    const a = await client.devices.create(world.demo, { label: 'A', protocols: 'imap' });
    await world.hooks.addFault({ route: key('DELETE', 'deviceAccess'), mode: 'drop_after_commit', count: 1 });
    await expect(client.devices.revoke(world.demo, a.accessId)).resolves.toBeUndefined();
    expect(await client.devices.list(world.demo)).toEqual([]);
  });

  it('never retries a 501', async () => {
    await world.hooks.resetRequests();
    await failure(world.client().devices.revokeAll(world.pending));
    expect((await world.hooks.requests()).total).toBe(1);
  });
});

describe('device create recovers, never duplicates, never loses a password', () => {
  const email = () => world.email('demonstration');

  it('answer lost after commit: found, regenerated, one access whose password works', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'drop_after_commit', count: 1 });
    const created = await world.client().devices.create(world.demo, { label: 'CRM', protocols: 'imap' });
    const listed = await world.client().devices.list(world.demo);
    expect(listed.map((d) => d.accessId)).toEqual([created.accessId]);
    expect(await world.hooks.verify(email(), created.password)).toBe(true);
    const { counts } = await world.hooks.requests();
    expect(counts[key('POST', 'devices')]).toBe(1);
    expect(counts[key('POST', 'deviceAccess')]).toBe(1);
  });

  it('a 5xx before commit: checked, then created once', async () => {
    await world.hooks.addFault({ route: key('POST', 'devices'), mode: 'status', status: 503, count: 1 });
    const created = await world.client().devices.create(world.demo, { label: 'CRM', protocols: 'imap' });
    expect(await world.client().devices.list(world.demo)).toHaveLength(1);
    expect(await world.hooks.verify(email(), created.password)).toBe(true);
    expect((await world.hooks.requests()).counts[key('POST', 'devices')]).toBe(2);
  });
});

describe('other creates', () => {
  it('grant: no second request after drop_after_commit', async () => {
    await world.hooks.addFault({ route: key('POST', 'webmail'), mode: 'drop_after_commit', count: 1 });
    await world.client().webmail.grant(world.demo, 100003, ['manage_rules']);
    expect((await world.hooks.requests()).counts[key('POST', 'webmail')]).toBe(1);
    const { users } = await world.client().webmail.list(world.demo);
    expect(users.map((u) => [u.userId, u.permissions])).toEqual([[100003, ['manage_rules']]]);
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
      created.push(await client.devices.create(world.demo, { label: `D${i}`, protocols: 'imap' }));
    await world.hooks.resetRequests();
    const listed = await client.devices.list(world.demo);
    expect(listed.map((d) => d.accessId).sort()).toEqual(created.map((d) => d.accessId).sort());
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
        debug: (_line, event) => {
          if (event.outcome === 'rate_limited') other ??= client.webmail.listUsers(world.contact);
        },
      },
    });
    await client.mailboxes.show(world.demo);
    await other;
    const { entries } = await world.hooks.requests();
    const limited = entries.find((e) => e.status === 429)!;
    const users = entries.find((e) => e.key === key('GET', 'webmailUsers'))!;
    expect(users.at_ms - limited.at_ms).toBeGreaterThanOrEqual(1000);
  });
});
