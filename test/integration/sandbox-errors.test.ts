/** Error shapes and paging over HTTP: what the client's error mapping is written against. */
import {
  DEFAULT_PER_PAGE,
  MAX_PER_PAGE,
  errorEnvelopeSchema,
  routePath,
  routes,
  type RouteName,
} from '../../provider/infomaniak/wire';
import { endpoints } from '../../provider/sandbox/endpoints';
import { startSandbox, type RunningSandbox } from '../../provider/sandbox';
import { call, hostingPath, mailboxPath } from './sandbox-http';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  const parsed = errorEnvelopeSchema.parse(response.json);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.description.length).toBeGreaterThan(10);
  return parsed.error;
}

describe('authentication', () => {
  it('answers 401 without a token, with an unknown one, or with another scheme', async () => {
    for (const token of [null, 'not-a-sandbox-token-but-long-enough-to-look-real']) {
      const error = expectError(
        await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'), { token }),
        401,
        'not_authorized',
      );
      expect(error.description).toMatch(/mail/);
    }
    const basic = await fetch(`${sandbox.url}${hostingPath(sandbox, '/mailboxes')}`, {
      headers: { authorization: `Basic ${sandbox.tokens.admin}` },
    });
    expect(basic.status).toBe(401);
  });

  it('lets the read-only token read', async () => {
    const response = await call(sandbox, 'GET', mailboxPath(sandbox, 'ancien-compte', '/accesses/devices'), {
      token: sandbox.tokens.readonly,
    });
    expect(response.status).toBe(200);
  });

  it('answers 403 naming the missing right on every mutation, and changes nothing', async () => {
    const before = (await call(sandbox, 'GET', mailboxPath(sandbox, 'contact', '/accesses/devices'))).json;
    const mutations = endpoints.filter((e) => e.method !== 'GET');
    expect(mutations.length).toBeGreaterThanOrEqual(12);
    for (const endpoint of mutations) {
      const path = routePath(endpoint.route, {
        hosting: sandbox.mailHostingId,
        mailbox: 'contact',
        device: 7000002,
        user: 100002,
        invitation: 1,
      });
      const response = await call(sandbox, endpoint.method, path, {
        token: sandbox.tokens.readonly,
        body: {
          label: 'x',
          protocols: ['imap'],
          mailbox_name: 'nouveau',
          user_id: 100003,
          permissions: ['read'],
        },
      });
      const error = expectError(response, 403, 'forbidden');
      expect(error.description).toMatch(/Administrator or Legal Representative/);
    }
    expect((await call(sandbox, 'GET', mailboxPath(sandbox, 'contact', '/accesses/devices'))).json).toEqual(
      before,
    );
  });
});

describe('not found', () => {
  it('names the missing hosting, mailbox, device, user and invitation with their own codes', async () => {
    expectError(await call(sandbox, 'GET', '/1/mail_hostings/999/mailboxes'), 404, 'mail_hosting_not_found');
    expectError(await call(sandbox, 'GET', '/1/mail_hostings/abc/mailboxes'), 404, 'mail_hosting_not_found');
    const mailbox = expectError(
      await call(sandbox, 'GET', mailboxPath(sandbox, 'absent')),
      404,
      'mailbox_not_found',
    );
    expect(mailbox.description).toContain('"absent"');
    expectError(
      await call(sandbox, 'DELETE', mailboxPath(sandbox, 'contact', '/accesses/devices/123')),
      404,
      'device_not_found',
    );
    expectError(
      await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/devices/7000001')), // exists, elsewhere
      404,
      'device_not_found',
    );
    expectError(
      await call(sandbox, 'DELETE', mailboxPath(sandbox, 'contact', '/accesses/webmail/users/100003')),
      404,
      'user_not_found',
    );
    expectError(
      await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/webmail'), {
        body: { user_id: 123456, permissions: ['read'] },
      }),
      404,
      'user_not_found',
    );
    expectError(
      await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/webmail/invitations/77/send'), {
        body: { email: 'a@b.ch' },
      }),
      404,
      'invitation_not_found',
    );
  });

  it('answers route_not_found for an unknown path or a method a route does not have', async () => {
    expectError(await call(sandbox, 'GET', '/1/nothing/here'), 404, 'route_not_found');
    expectError(await call(sandbox, 'PUT', hostingPath(sandbox, '/mailboxes')), 404, 'route_not_found');
    expectError(await call(sandbox, 'GET', '/__sandbox/requests'), 404, 'route_not_found'); // hooks are off
  });
});

describe('bad requests', () => {
  it('answers 400 for a body that is not JSON, without quoting it', async () => {
    const response = await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/devices'), {
      rawBody: '{"label": "x", "password": "secret-secret-secret',
    });
    expectError(response, 400, 'malformed_json');
    expect(response.text).not.toContain('secret-secret');
  });

  it('answers 413 for an oversized body', async () => {
    const response = await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
      rawBody: JSON.stringify({ mailbox_name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectError(response, 413, 'payload_too_large');
  });

  it('answers 422 with one error per field, naming each', async () => {
    const response = await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/devices'), {
      body: { protocols: [], password: 'short', user_id: 'me' },
    });
    const error = expectError(response, 422, 'validation_failed');
    const attributes = error.errors?.map((e) => e.context?.attribute).sort();
    expect(attributes).toEqual(['label', 'password', 'protocols', 'user_id']);
    expect(error.description).toContain('password: a chosen password must be at least 16 characters long');
    expect(response.text).not.toContain('"short"');
  });

  it('treats a missing body as empty, so the errors still name the fields', async () => {
    const response = await call(sandbox, 'POST', mailboxPath(sandbox, 'contact', '/accesses/webmail'));
    const error = expectError(response, 422, 'validation_failed');
    expect(error.errors?.map((e) => e.context?.attribute).sort()).toEqual(['permissions', 'user_id']);
  });
});

describe('paging', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      const created = await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
        body: { mailbox_name: `boite-${i}` },
      });
      expect(created.status).toBe(200);
    }
  });

  it('walks pages with page/per_page and reports total/pages beside data', async () => {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const response = await call(sandbox, 'GET', hostingPath(sandbox, `/mailboxes?per_page=4&page=${page}`));
      expect(response.json).toMatchObject({
        result: 'success',
        total: 10,
        pages: 3,
        page,
        items_per_page: 4,
      });
      names.push(...response.json.data.map((m: { mailbox_name: string }) => m.mailbox_name));
      if (page >= response.json.pages) break;
    }
    expect(names).toHaveLength(10);
    expect(new Set(names).size).toBe(10);
  });

  it('defaults to DEFAULT_PER_PAGE, caps at MAX_PER_PAGE, and refuses a bad page', async () => {
    expect((await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.items_per_page).toBe(
      DEFAULT_PER_PAGE,
    );
    expect(
      (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes?per_page=5000'))).json.items_per_page,
    ).toBe(MAX_PER_PAGE);
    const error = expectError(
      await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes?page=0')),
      422,
      'validation_failed',
    );
    expect(error.errors?.[0].context?.attribute).toBe('page');
  });

  it('pages every list route', async () => {
    const lists: RouteName[] = ['mailboxes', 'devices', 'userDevices', 'webmailUsers', 'organisationUsers'];
    for (const name of lists) {
      const path = routePath(name, { hosting: sandbox.mailHostingId, mailbox: 'contact', user: 100002 });
      const response = await call(sandbox, 'GET', `${path}?per_page=1`);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ page: 1, items_per_page: 1 });
      expect(typeof response.json.total).toBe('number');
      expect(routes[name]).toBeDefined();
    }
  });
});
