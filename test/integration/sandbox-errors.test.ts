/** Error shapes, refusals and paging over HTTP: what the client's error mapping is written against. */
import {
  DEFAULT_PER_PAGE,
  MAX_PER_PAGE,
  apiErrorDetailSchema,
  errorEnvelopeSchema,
  routeFamily,
  routePath,
  routes,
  type RouteName,
} from '../../provider/infomaniak/wire';
import { endpoints } from '../../provider/sandbox/endpoints';
import {
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_ACCESS_ID,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_PENDING_GENERIC_DEVICE_ID,
  SANDBOX_PENDING_MAIL_HOSTING_ID,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../../provider/sandbox';
import { call, hostingPath, mailboxPath } from './sandbox-http';

let sandbox: RunningSandbox;
let hooks: SandboxHooksClient;
beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true });
  hooks = new SandboxHooksClient(sandbox.url);
});
afterAll(() => sandbox.close());

const sample = {
  hosting: 1234567,
  mailbox: 'contact',
  access: SANDBOX_CONTACT_ACCESS_ID,
  device: SANDBOX_CONTACT_DEVICE_ID,
  user: 100002,
  invitation: 'no-such-key',
  account: 424242,
};

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  const parsed = errorEnvelopeSchema.parse(response.json);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.description?.length).toBeGreaterThan(10);
  return parsed.error;
}

/** The 422 envelope: validation_failed with one {code, description, context.attribute} per field. */
function expectInvalid(response: { status: number; json: unknown }, ...attributes: string[]) {
  const error = expectError(response, 422, 'validation_failed');
  const details = (error.errors ?? []).map((e) => apiErrorDetailSchema.parse(e));
  for (const d of details) {
    expect(d.code).toBe('validation_failed');
    expect(typeof d.description).toBe('string');
  }
  expect(details.map((d) => d.context?.attribute).sort()).toEqual([...attributes].sort());
  return error;
}

const documentedCalls = () =>
  endpoints.map((e) => ({ method: e.method, route: e.route, path: routePath(e.route, sample) }));

describe('authentication', () => {
  it('answers 401 not_authorized without a token, with an unknown one, or with another scheme', async () => {
    for (const { method, path } of documentedCalls()) {
      expectError(await call(sandbox, method, path, { token: null }), 401, 'not_authorized');
    }
    expectError(await call(sandbox, 'GET', '/1/products', { token: 'x'.repeat(40) }), 401, 'not_authorized');
    const basic = await fetch(`${sandbox.url}/1/products`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
  });

  it('answers 403 access_denied to the read-only token on every change, and changes nothing', async () => {
    await hooks.resetRequests();
    for (const { method, path } of documentedCalls().filter((c) => c.method !== 'GET')) {
      expectError(
        await call(sandbox, method, path, { token: sandbox.tokens.readonly, body: {} }),
        403,
        'access_denied',
      );
    }
    const contact = await call(sandbox, 'GET', mailboxPath(sandbox, 'contact', '/accesses/devices'), {
      token: sandbox.tokens.readonly,
    });
    expect(contact.json.data.map((d: { id: number }) => d.id)).toEqual([SANDBOX_CONTACT_ACCESS_ID]);
    const mailbox = await call(sandbox, 'GET', mailboxPath(sandbox, 'ancien-compte'), {
      token: sandbox.tokens.readonly,
    });
    expect(mailbox.json.data.access_rights).toMatchObject({
      can_create_device: false,
      can_create_webmail_access: false,
      can_delete_device_legacy: false,
      can_list_users: true,
    });
  });
});

describe('a Mail Service not yet enabled for accesses (7654321)', () => {
  it('answers 501 not_implemented on every .../accesses/... route, for every token', async () => {
    const pending = { ...sample, hosting: SANDBOX_PENDING_MAIL_HOSTING_ID, mailbox: 'info' };
    const accessRoutes = endpoints.filter(
      (e) => routeFamily(e.route) === 'accesses' && e.route !== 'deviceLabel',
    );
    expect(accessRoutes.length).toBeGreaterThanOrEqual(13);
    for (const e of accessRoutes) {
      for (const token of [sandbox.tokens.admin, sandbox.tokens.readonly]) {
        expectError(
          await call(sandbox, e.method, routePath(e.route, pending), {
            token,
            body: e.method === 'GET' ? undefined : {},
          }),
          501,
          'not_implemented',
        );
      }
    }
    const label = await call(
      sandbox,
      'PATCH',
      routePath('deviceLabel', { device: SANDBOX_PENDING_GENERIC_DEVICE_ID }),
      {
        body: { label: 'x' },
      },
    );
    expectError(label, 501, 'not_implemented');
  });

  it('still lists and shows its mailboxes, and lists it as a product', async () => {
    const list = await call(sandbox, 'GET', `/1/mail_hostings/${SANDBOX_PENDING_MAIL_HOSTING_ID}/mailboxes`);
    expect(list.status).toBe(200);
    expect(list.json.data.map((m: { mailbox: string }) => m.mailbox)).toEqual(['info@pas-encore.ch']);
    expect(list.json.data[0].has_legacy_device).toBe(true);
    expect(list.json.data[0].access_rights.can_create_device).toBe(false);
    const products = await call(sandbox, 'GET', '/1/products?service_name=email_hosting');
    expect(products.json.data.map((p: { id: number }) => p.id)).toEqual([
      1234567,
      SANDBOX_PENDING_MAIL_HOSTING_ID,
    ]);
  });
});

describe('not found', () => {
  it('answers object_not_found for a missing hosting, mailbox, device access, Device, user, invitation, account', async () => {
    const missing: Array<[string, string]> = [
      ['GET', '/1/mail_hostings/999/mailboxes'],
      ['GET', '/1/mail_hostings/abc/mailboxes'],
      ['GET', mailboxPath(sandbox, 'personne')],
      ['GET', mailboxPath(sandbox, 'personne', '/accesses/devices')],
      ['POST', mailboxPath(sandbox, 'contact', `/accesses/devices/${SANDBOX_GENERIC_ACCESS_ID}`)],
      ['DELETE', mailboxPath(sandbox, 'contact', '/accesses/devices/123')],
      ['PATCH', '/1/mail_hostings/accesses/devices/123'],
      ['GET', mailboxPath(sandbox, 'contact', '/accesses/devices/users/999')],
      ['POST', mailboxPath(sandbox, 'contact', '/accesses/webmail/invitations/nope/send')],
      ['DELETE', mailboxPath(sandbox, 'contact', '/invitations/nope')],
      ['GET', '/2/accounts/1/users'],
    ];
    for (const [method, path] of missing) {
      expectError(
        await call(sandbox, method, path, {
          body: method === 'GET' ? undefined : { label: 'x', email: 'a@b.ch' },
        }),
        404,
        'object_not_found',
      );
    }
  });

  it('answers user_has_no_access_to_mailbox on PATCH/DELETE of a user without access', async () => {
    const path = mailboxPath(sandbox, 'contact', '/accesses/webmail/users/100003');
    expectError(await call(sandbox, 'DELETE', path), 404, 'user_has_no_access_to_mailbox');
    expectError(
      await call(sandbox, 'PATCH', path, { body: { permissions: {} } }),
      404,
      'user_has_no_access_to_mailbox',
    );
  });

  it('answers route_not_found for an unknown path or a method a route does not have', async () => {
    expectError(await call(sandbox, 'GET', '/1/unknown'), 404, 'route_not_found');
    expectError(await call(sandbox, 'DELETE', mailboxPath(sandbox, 'contact')), 404, 'route_not_found');
    expectError(await call(sandbox, 'PATCH', mailboxPath(sandbox, 'contact')), 404, 'route_not_found');
  });
});

describe('validation (422 validation_failed, one entry per field)', () => {
  const mailboxes = () => hostingPath(sandbox, '/mailboxes');
  const devices = () => mailboxPath(sandbox, 'demonstration', '/accesses/devices');

  it('refuses mailbox bodies the reference refuses, and names outside MAILBOX_NAME_PATTERN', async () => {
    expectInvalid(await call(sandbox, 'POST', mailboxes()), 'mailbox_name');
    expectInvalid(
      await call(sandbox, 'POST', mailboxes(), { body: { mailbox_name: 'a'.repeat(65) } }),
      'mailbox_name',
    );
    expectInvalid(
      await call(sandbox, 'POST', mailboxes(), { body: { mailbox_name: 'ok', note: 'n'.repeat(81) } }),
      'note',
    );
    expectInvalid(
      await call(sandbox, 'POST', mailboxes(), {
        body: { mailbox_name: 'ok', target: 'everyone', link_to_current_user: 'no' },
      }),
      'link_to_current_user',
      'target',
    );
    for (const name of ['Majuscule', 'a..b', '-tiret', 'fin.', 'sous+adresse', 'é']) {
      expectInvalid(
        await call(sandbox, 'POST', mailboxes(), { body: { mailbox_name: name } }),
        'mailbox_name',
      );
    }
    expectInvalid(
      await call(sandbox, 'POST', mailboxes(), { body: { mailbox_name: 'contact' } }),
      'mailbox_name',
    );
    const fine = await call(sandbox, 'POST', mailboxes(), {
      body: { mailbox_name: 'a'.repeat(64), note: 'n'.repeat(80) },
    });
    expect(fine.status).toBe(201);
  });

  it('refuses device bodies with wrong types, unknown enum values, a missing protocols or a long label', async () => {
    const error = expectInvalid(
      await call(sandbox, 'POST', devices(), {
        body: { label: 7, protocols: 'smtp', type: 'legacy', user_id: 'me' },
      }),
      'label',
      'protocols',
      'type',
      'user_id',
    );
    expect(error.description).toContain('protocols: must be one of "imap", "pop3", "pop3-imap"');
    expectInvalid(await call(sandbox, 'POST', devices()), 'protocols');
    expectInvalid(
      await call(sandbox, 'POST', devices(), { body: { label: 'l'.repeat(256), protocols: 'imap' } }),
      'label',
    );
    expectInvalid(
      await call(sandbox, 'PATCH', `/1/mail_hostings/accesses/devices/${SANDBOX_CONTACT_DEVICE_ID}`, {
        body: { label: 'l'.repeat(256) },
      }),
      'label',
    );
    expectInvalid(await call(sandbox, 'GET', `${devices()}?type=fax`), 'type');
  });

  it('refuses webmail bodies: missing user_id, non-boolean flags, missing send email, unknown language', async () => {
    const webmail = mailboxPath(sandbox, 'demonstration', '/accesses/webmail');
    expectInvalid(await call(sandbox, 'POST', webmail), 'user_id');
    expectInvalid(
      await call(sandbox, 'POST', webmail, {
        body: { user_id: 100003, permissions: { can_manage_filters: 'yes' } },
      }),
      'permissions.can_manage_filters',
    );
    const invitation = (await call(sandbox, 'POST', `${webmail}/invitations`, { body: {} })).json.data;
    expectInvalid(
      await call(sandbox, 'POST', `${webmail}/invitations/${invitation.key}/send`, {
        body: { language: 'rm' },
      }),
      'email',
      'language',
    );
    expectInvalid(
      await call(sandbox, 'PATCH', `${mailboxPath(sandbox, 'contact', '/accesses/webmail')}/users/100001`, {
        body: {},
      }),
      'permissions',
    );
  });

  it('refuses a body that is not JSON without quoting it, and an oversized one', async () => {
    const response = await call(sandbox, 'POST', devices(), { rawBody: '{"label": "secret-secret-secret' });
    expectInvalid(response, 'body');
    expect(response.text).not.toContain('secret-secret');
    const big = await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
      rawBody: JSON.stringify({ mailbox_name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it('refuses an unknown service_name on /1/products', async () => {
    expectInvalid(await call(sandbox, 'GET', '/1/products?service_name=mail'), 'service_name');
  });
});

describe('the rules the reference states on device accesses', () => {
  const devices = (mailbox: string) => mailboxPath(sandbox, mailbox, '/accesses/devices');
  const label = (device: number, text: string) =>
    call(sandbox, 'PATCH', `/1/mail_hostings/accesses/devices/${device}`, { body: { label: text } });

  it('device_id: 409 if it already reads the address, 422 for the legacy Device, 422 for another user', async () => {
    expectError(
      await call(sandbox, 'POST', devices('contact'), {
        body: { device_id: SANDBOX_CONTACT_DEVICE_ID, protocols: 'imap' },
      }),
      409,
      'device_already_has_access_to_mailbox',
    );
    expectError(
      await call(sandbox, 'POST', devices('contact'), {
        body: { device_id: SANDBOX_GENERIC_DEVICE_ID, protocols: 'imap' },
      }),
      422,
      'legacy_device_creation',
    );
    expectError(
      await call(sandbox, 'POST', devices('demonstration'), {
        body: { device_id: SANDBOX_CONTACT_DEVICE_ID, protocols: 'imap', user_id: 100001 },
      }),
      422,
      'existing_device_can_only_have_one_user',
    );
    const given = await call(sandbox, 'POST', devices('demonstration'), {
      body: { device_id: SANDBOX_CONTACT_DEVICE_ID, protocols: 'imap' },
    });
    expect(given.status).toBe(200);
    expect(Object.keys(given.json.data)).toEqual(['password']);
    const listed = await call(sandbox, 'GET', `${devices('demonstration')}?with=device,user_access`);
    expect(listed.json.data[0]).toMatchObject({
      device: { id: SANDBOX_CONTACT_DEVICE_ID, count_accesses: 2 },
      user_access: { id: 100002 },
    });
    // A rename shows on every address the Device reads.
    expect((await label(SANDBOX_CONTACT_DEVICE_ID, 'Outlook (Bruno, bureau)')).status).toBe(200);
    for (const m of ['contact', 'demonstration']) {
      const list = await call(sandbox, 'GET', `${devices(m)}?with=device`);
      expect(list.json.data[0].device.label).toBe('Outlook (Bruno, bureau)');
    }
  });

  it('label PATCH: 409 device_already_exists when another Device on a shared address has it; other addresses do not count', async () => {
    await call(sandbox, 'POST', devices('contact'), { body: { label: 'Téléphone', protocols: 'imap' } });
    await call(sandbox, 'POST', devices('ancien-compte'), { body: { label: 'Tablette', protocols: 'imap' } });
    expectError(await label(SANDBOX_CONTACT_DEVICE_ID, 'Téléphone'), 409, 'device_already_exists');
    expect((await label(SANDBOX_CONTACT_DEVICE_ID, 'Tablette')).status).toBe(200);
  });

  it('the generic password: regenerate is refused with 403, revoke works for an admin token', async () => {
    const path = mailboxPath(sandbox, 'ancien-compte', `/accesses/devices/${SANDBOX_GENERIC_ACCESS_ID}`);
    expectError(await call(sandbox, 'POST', path), 403, 'access_denied');
    const before = (await call(sandbox, 'GET', mailboxPath(sandbox, 'ancien-compte'))).json.data;
    expect(before).toMatchObject({
      has_legacy_device: true,
      access_rights: { can_regenerate_device_legacy: false, can_delete_device_legacy: true },
    });
    expect((await call(sandbox, 'DELETE', path)).status).toBe(200);
    expect(
      (await call(sandbox, 'GET', mailboxPath(sandbox, 'ancien-compte'))).json.data.has_legacy_device,
    ).toBe(false);
    await hooks.reset();
  });
});

describe('paging', () => {
  beforeAll(async () => {
    await hooks.reset();
    for (let i = 0; i < 7; i++) {
      const created = await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), {
        body: { mailbox_name: `boite-${i}` },
      });
      expect(created.status).toBe(201);
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
    expect(new Set(names).size).toBe(10);
  });

  it('defaults to DEFAULT_PER_PAGE, caps at MAX_PER_PAGE, and refuses a bad page', async () => {
    expect((await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.items_per_page).toBe(
      DEFAULT_PER_PAGE,
    );
    expect(
      (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes?per_page=5000'))).json.items_per_page,
    ).toBe(MAX_PER_PAGE);
    expectInvalid(await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes?page=0')), 'page');
  });

  it('pages every list route', async () => {
    const lists: RouteName[] = [
      'mailboxes',
      'devices',
      'userDevices',
      'webmail',
      'webmailUsers',
      'products',
      'accountUsers',
    ];
    for (const name of lists) {
      const response = await call(sandbox, 'GET', `${routePath(name, sample)}?per_page=1`);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ page: 1, items_per_page: 1 });
      expect(response.json.data.length).toBeLessThanOrEqual(1);
      expect(routes[name]).toBeDefined();
    }
  });
});
