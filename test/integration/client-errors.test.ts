/** Every error class, provoked against the sandbox over real HTTP; none carries a secret. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  ConnectionError,
  ForbiddenError,
  MailApiError,
  NotFoundError,
  NotImplementedError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../provider/infomaniak';
import {
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_ACCESS_ID,
  SANDBOX_PENDING_GENERIC_ACCESS_ID,
} from '../../provider/sandbox';
import { failure, key, useSandbox } from './client-support';

const world = useSandbox();

function rendered(error: unknown): string {
  return [
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error),
    String(error),
    (error as Error).stack,
  ].join('\n');
}

/** The error is a MailApiError whose every rendering is free of the given secrets. */
function expectSafe(error: unknown, ...secrets: string[]): void {
  expect(error).toBeInstanceOf(MailApiError);
  const text = rendered(error);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('client errors against the sandbox', () => {
  it('401: a bad token says how to get one, and is not echoed', async () => {
    const token = 'wrong-token-7c1d9e2f44';
    const error = await failure(world.client({ token }).mailboxes.list(world.demo.hosting));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('https://manager.infomaniak.com/v3/ng/accounts/token/list');
    expectSafe(error, token);
  });

  it('403: a read-only token can read, a change names the missing right', async () => {
    const client = world.client({ token: world.sandbox.tokens.readonly });
    expect(await client.devices.list(world.contact)).toHaveLength(1);
    const error = await failure(client.devices.create(world.demo, { label: 'X', protocols: 'imap' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toMatch(/Administrator or Legal Representative of the Organisation/);
    expect((error as Error).message).toMatch(/manage that Mail Service/);
    expectSafe(error, world.sandbox.tokens.readonly);
  });

  it('403: a read-only token may not revoke the generic password', async () => {
    const client = world.client({ token: world.sandbox.tokens.readonly });
    const error = await failure(client.devices.revoke(world.legacy, SANDBOX_GENERIC_ACCESS_ID));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it('404: names the hosting, mailbox, device access or invitation that is missing', async () => {
    const client = world.client();
    const cases: [Promise<unknown>, string][] = [
      [client.mailboxes.list(999), 'hosting'],
      [client.mailboxes.show({ hosting: world.demo.hosting, mailbox: 'absente' }), 'mailbox'],
      [client.devices.regenerate(world.demo, 424242), 'device_access'],
    ];
    for (const [call, resource] of cases) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).resource).toBe(resource);
    }
    expect(await client.mailboxes.find({ hosting: world.demo.hosting, mailbox: 'absente' })).toBeUndefined();
  });

  it('501 on the accesses routes of a Mail Service not yet enabled: sent once, worded as such', async () => {
    const client = world.client();
    await world.hooks.resetRequests();
    const calls = [
      client.devices.list(world.pending),
      client.devices.regenerate(world.pending, SANDBOX_PENDING_GENERIC_ACCESS_ID),
      client.webmail.list(world.pending),
      client.webmail.grant(world.pending, 100001, []),
    ];
    for (const call of calls) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(NotImplementedError);
      expect(error).toMatchObject({ family: 'accesses', status: 501, attempts: 1, retryable: false });
      expect((error as Error).message).toMatch(
        /Mail Service 7654321 is not yet enabled for device and user accesses/,
      );
    }
    expect((await world.hooks.requests()).total).toBe(calls.length);
    // The mailbox routes still work there.
    expect((await client.mailboxes.show(world.pending)).email).toBe('info@pas-encore.ch');
  });

  it('409: a label another Device has keeps its code', async () => {
    const client = world.client();
    const a = await client.devices.create(world.contact, { label: 'Outlook (Alice)', protocols: 'imap' });
    const error = await failure(client.devices.relabel(a.deviceId, 'Outlook (Bruno)'));
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'device_already_exists' });
  });

  it('409: granting a user twice keeps its code', async () => {
    const error = await failure(world.client().webmail.grant(world.contact, 100001, []));
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ status: 409, code: 'user_already_has_access_to_mailbox' });
  });

  it('422: an existing Device with another user keeps its code', async () => {
    const client = world.client();
    const error = await failure(
      client.devices.create(world.demo, {
        protocols: 'imap',
        deviceId: SANDBOX_CONTACT_DEVICE_ID,
        userId: 100001,
      }),
    );
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as RejectedError).code).toBe('existing_device_can_only_have_one_user');
  });

  it('429: thrown once attempts are spent, with Retry-After', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'status', status: 429, retry_after: 1 });
    const error = await failure(
      world.client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).mailboxes.show(world.demo),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ attempts: 2, retryAfterMs: 1000 });
  });

  it('400 too_many_attempts_*: a rate limit, waited for and retried', async () => {
    await world.hooks.addFault({
      route: key('GET', 'devices'),
      mode: 'status',
      status: 400,
      code: 'too_many_attempts_try_again_in_1_minute',
      count: 1,
    });
    await world.hooks.resetRequests();
    await expect(world.client().devices.list(world.demo)).resolves.toEqual([]);
    expect((await world.hooks.requests()).counts[key('GET', 'devices')]).toBe(2);
  });

  it('5xx: thrown once attempts are spent', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'status', status: 503 });
    const error = await failure(world.client().mailboxes.show(world.demo));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ attempts: 3, status: 503 });
  });

  it('timeout: a slow answer is abandoned and retried, then reported', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'latency', latency_ms: 500 });
    const error = await failure(
      world.client({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } }).mailboxes.show(world.demo),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
  });

  it('connection reset: retried, then reported', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'reset' });
    const error = await failure(world.client().mailboxes.show(world.demo));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ attempts: 3, mayHaveCommitted: true });
  });

  it('connection refused: nothing listens at the endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(world.client({ endpoint: `http://127.0.0.1:${port}` }).mailboxes.list(1));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ causeCode: 'ECONNREFUSED', mayHaveCommitted: false });
  });
});
