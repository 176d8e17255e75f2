/** Every error class, provoked against the sandbox over real HTTP; none carries a secret. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  ConnectionError,
  ForbiddenError,
  MailApiError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../provider/infomaniak';
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
    const token = 'this-token-is-wrong-0123456789';
    const error = await failure(world.client({ token }).mailboxes.list(world.demo.hosting));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      method: 'GET',
      route: '/1/mail_hostings/{hosting}/mailboxes',
      retryable: false,
    });
    expect((error as Error).message).toMatch(/"mail" scope/);
    expectSafe(error, token);
  });

  it('403: a read-only token can read but a change names the missing right', async () => {
    const client = world.client({ token: world.sandbox.tokens.readonly });
    await expect(client.devices.list(world.demo)).resolves.toEqual([]);
    const error = await failure(
      client.devices.create(world.demo, {
        label: 'x',
        protocols: ['imap'],
        password: 'readonly-secret-password',
      }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toMatch(/Administrator or Legal Representative/);
    expect((error as Error).message).toMatch(new RegExp(`manage Mail Service ${world.demo.hosting}`));
    expectSafe(error, world.sandbox.tokens.readonly, 'readonly-secret-password');
    // A definite refusal is not reconciled: one POST, no listing.
    expect((await world.hooks.requests()).counts).toEqual({
      [key('GET', 'devices')]: 1,
      [key('POST', 'devices')]: 1,
    });
  });

  it('404: names the hosting, mailbox, device, user or invitation that is missing', async () => {
    const client = world.client();
    const cases: [Promise<unknown>, string, RegExp][] = [
      [client.mailboxes.list(999), 'hosting', /Mail Service 999 was not found/],
      [
        client.devices.list({ ...world.demo, mailbox: 'personne' }),
        'mailbox',
        /Address "personne" does not exist/,
      ],
      [
        client.devices.revoke(world.demo, 4242),
        'device',
        /Device 4242 was not found on address "demonstration"/,
      ],
      [client.devices.updateLabel(4243, 'x'), 'device', /Device 4243 was not found/],
      [
        client.webmail.remove(world.demo, 100003),
        'user',
        /User 100003 was not found on address "demonstration"/,
      ],
      [client.devices.listForUser(world.demo, 999999), 'user', /User 999999 was not found/],
      [
        client.webmail.sendInvitation(world.demo, 31337, 'a@b.ch'),
        'invitation',
        /Invitation 31337 was not found/,
      ],
    ];
    for (const [call, resource, message] of cases) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ resource, status: 404, retryable: false });
      expect((error as Error).message).toMatch(message);
    }
  });

  it('422: a chosen password under 16 characters carries the API field message, never the password', async () => {
    const short = 'too-short-pw';
    const error = await failure(
      world.client().devices.create(world.demo, { label: 'x', protocols: ['imap'], password: short }),
    );
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ kind: 'validation', status: 422 });
    expect((error as RejectedError).fieldErrors).toEqual([
      expect.objectContaining({ field: 'password', message: expect.stringMatching(/at least 16/) }),
    ]);
    expectSafe(error, short, world.sandbox.tokens.admin);
    expect(await world.client().devices.list(world.demo)).toEqual([]);
  });

  it('409: the generic password cannot be regenerated', async () => {
    const client = world.client();
    const [generic] = await client.devices.list(world.legacy);
    const error = await failure(
      client.devices.regenerate(world.legacy, generic.id, { password: 'a-long-enough-chosen-pass' }),
    );
    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'generic_password_immutable' });
    expect((error as Error).message).toMatch(/generic password/);
    expectSafe(error, 'a-long-enough-chosen-pass');
  });

  it('429: thrown once attempts are spent, with Retry-After', async () => {
    await world.hooks.addFault({
      route: key('GET', 'mailboxes'),
      mode: 'status',
      status: 429,
      retry_after: 0,
    });
    const error = await failure(world.client().mailboxes.list(world.demo.hosting));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryable: true, attempts: 3, retryAfterMs: 0 });
    expect((await world.hooks.requests()).counts[key('GET', 'mailboxes')]).toBe(3);
  });

  it('5xx: thrown once attempts are spent', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'status', status: 502 });
    const error = await failure(world.client().mailboxes.show(world.demo));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      status: 502,
      attempts: 3,
      params: { hosting: world.demo.hosting, mailbox: 'demonstration' },
    });
  });

  it('timeout: a slow answer is abandoned and retried, then reported', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'latency', latency_ms: 400 });
    const error = await failure(
      world.client({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } }).mailboxes.show(world.demo),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, retryable: true });
    expect((await world.hooks.requests()).counts[key('GET', 'mailbox')]).toBe(2);
  });

  it('connection reset: retried, then reported', async () => {
    await world.hooks.addFault({ route: key('GET', 'mailbox'), mode: 'reset' });
    const error = await failure(world.client().mailboxes.show(world.demo));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'connection', attempts: 3, mayHaveCommitted: true });
    expect((await world.hooks.requests()).counts[key('GET', 'mailbox')]).toBe(3);
  });

  it('connection refused: nothing listens at the endpoint', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await failure(
      world.client({ endpoint: `http://127.0.0.1:${port}` }).mailboxes.show(world.demo),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ causeCode: 'ECONNREFUSED', mayHaveCommitted: false });
  });
});
