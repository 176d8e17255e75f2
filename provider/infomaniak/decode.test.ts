import { inspect } from 'node:util';
import { decodeFailure, decodeSuccess } from './decode';
import { listedDeviceAccessSchema } from './convert';
import {
  BadResponseError,
  ForbiddenError,
  HttpStatusError,
  NotFoundError,
  NotImplementedError,
  RateLimitedError,
  RejectedError,
  type RequestDescription,
  ServerError,
  UnauthorizedError,
} from './errors';
import type { HttpAnswer } from './transport';
import { pagedEnvelope, routes } from './wire';

const TOKEN = 'tok-SECRET-abcdef123456';
const PASSWORD = 'generated-secret-pw';
const devices: RequestDescription = {
  method: 'GET',
  route: routes.devices,
  params: { hosting: 42, mailbox: 'contact' },
};
const ctx = { request: devices, secrets: [TOKEN, PASSWORD], now: 0 };

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers, text: typeof body === 'string' ? body : JSON.stringify(body) };
}
function apiError(code: string, description: string, errors?: unknown[]) {
  return { result: 'error', error: { code, description, ...(errors ? { errors } : {}) } };
}

describe('decodeFailure', () => {
  it('401 explains how to get a token with the mail scope', () => {
    const error = decodeFailure(answer(401, apiError('not_authorized', 'bad token')), ctx);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toMatch(/"mail" scope/);
    expect(error.message).toContain('https://manager.infomaniak.com/v3/ng/accounts/token/list');
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      route: routes.devices,
      retryable: false,
    });
  });

  it('403 names the missing right', () => {
    const error = decodeFailure(answer(403, apiError('access_denied', 'no')), {
      ...ctx,
      request: { ...devices, method: 'POST' },
    });
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/Administrator or Legal Representative of the Organisation/);
    expect(error.message).toMatch(/manage that Mail Service/);
    expect(error.message).toMatch(/Mail Service 42/);
    expect((error as ForbiddenError).legacyPasswordOwnerOnly).toBe(false);
  });

  it('403 legacy_device_deletion says only the owner may revoke the generic password', () => {
    const request: RequestDescription = {
      method: 'DELETE',
      route: routes.deviceAccess,
      params: { hosting: 42, mailbox: 'ancien-compte', access: 3 },
    };
    const error = decodeFailure(answer(403, apiError('legacy_device_deletion', 'x')), { ...ctx, request });
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).legacyPasswordOwnerOnly).toBe(true);
    expect(error.message).toMatch(
      /generic password of address "ancien-compte" may be revoked only by its owner/,
    );
    expect(error.message).not.toMatch(/Legal Representative/);
  });

  it.each([
    ['mailboxes', { hosting: 42 }, 'hosting', /Mail Service 42 was not found/],
    ['mailbox', { hosting: 42, mailbox: 'contact' }, 'mailbox', /Address "contact" does not exist/],
    ['deviceAccess', { hosting: 42, mailbox: 'contact', access: 7 }, 'device_access', /Device access 7/],
    ['deviceLabel', { device: 8 }, 'device', /Device 8 was not found/],
    ['webmailUser', { hosting: 42, mailbox: 'contact', user: 9 }, 'user', /User 9 was not found/],
    ['invitationWithdraw', { hosting: 42, mailbox: 'c', invitation: 'k1' }, 'invitation', /Invitation k1/],
    ['accountUsers', { account: 5 }, 'account', /Account 5 was not found/],
  ] as const)('404 object_not_found on %s names the %s', (route, params, resource, message) => {
    const request: RequestDescription = { method: 'GET', route: routes[route], params };
    const error = decodeFailure(answer(404, apiError('object_not_found', '')), { ...ctx, request });
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).resource).toBe(resource);
    expect(error.message).toMatch(message);
  });

  it('422 keeps the code and the field messages, read defensively, never the secret', () => {
    const body = apiError('validation_failed', `invalid: "${PASSWORD}"`, [
      { code: 'max', description: 'too long', context: { attribute: 'label' } },
      'a bare string',
      42,
      { description: 'no code, no context' },
      { code: 'bad', description: `echo ${PASSWORD}`, context: { attribute: 7 } },
      null,
    ]);
    const error = decodeFailure(answer(422, body), ctx);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ kind: 'validation', code: 'validation_failed' });
    expect((error as RejectedError).fields).toEqual([
      { field: 'label', code: 'max', message: 'too long' },
      { field: undefined, code: '', message: 'no code, no context' },
      { field: undefined, code: 'bad', message: 'echo [redacted]' },
    ]);
    expect(error.message).toMatch(/label: too long/);
    expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('409 is a conflict that keeps its code', () => {
    const error = decodeFailure(answer(409, apiError('device_already_exists', 'label taken')), ctx);
    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'device_already_exists' });
    expect(error.message).toMatch(/label taken/);
  });

  it('429 anywhere and 400 too_many_attempts_* are rate limits; 5xx are server errors', () => {
    const limited = decodeFailure(answer(429, apiError('x', 'slow'), { 'retry-after': '3' }), ctx);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ retryable: true, mayHaveCommitted: false, retryAfterMs: 3000 });
    const attempts = decodeFailure(
      answer(400, apiError('too_many_attempts_try_again_in_1_minute', 'wait')),
      ctx,
    );
    expect(attempts).toBeInstanceOf(RateLimitedError);
    expect(attempts).toMatchObject({
      status: 400,
      retryable: true,
      code: 'too_many_attempts_try_again_in_1_minute',
    });
    const plain400 = decodeFailure(answer(400, apiError('bad_request', 'no')), ctx);
    expect(plain400).toBeInstanceOf(HttpStatusError);
    const server = decodeFailure(answer(502, '<html>Bad gateway</html>'), ctx);
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ retryable: true, mayHaveCommitted: true, status: 502 });
  });

  it('501 is NotImplementedError worded by route family, never retryable', () => {
    const accesses = decodeFailure(answer(501, apiError('not_implemented', '')), ctx);
    expect(accesses).toBeInstanceOf(NotImplementedError);
    expect(accesses).toMatchObject({ family: 'accesses', retryable: false, status: 501 });
    expect(accesses.message).toMatch(/Mail Service 42 is not yet enabled for device and user accesses/);
    expect(accesses.message).toMatch(/gradually/);
    const legacy = decodeFailure(answer(501, ''), {
      ...ctx,
      request: {
        method: 'DELETE',
        route: routes.invitationWithdraw,
        params: { hosting: 42, mailbox: 'c', invitation: 'k' },
      },
    });
    expect(legacy).toMatchObject({ family: 'legacy', retryable: false });
    expect(legacy.message).toMatch(/already moved to device and user accesses/);
  });

  it('other statuses are plain HTTP errors', () => {
    expect(decodeFailure(answer(405, ''), ctx)).toBeInstanceOf(HttpStatusError);
  });

  it('scrubs the token if a body ever echoed it', () => {
    const error = decodeFailure(answer(500, apiError('unexpected_error', `token ${TOKEN} broke`)), ctx);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
  });
});

describe('decodeSuccess', () => {
  const schema = pagedEnvelope(listedDeviceAccessSchema);
  const access = {
    id: 1,
    device: { id: 11, label: 'x', type: 'phone', created_at: 1, device_uid: null },
    protocols: 'imap',
    last_connection: null,
    created_at: 1,
    status: 'healthy',
    mailbox: {},
  };
  const page = { result: 'success', total: 1, pages: 1, page: 1, items_per_page: 100 };

  it('parses and drops unknown fields', () => {
    const data = decodeSuccess(answer(200, { ...page, data: [{ ...access, extra: 'ok' }] }), schema, ctx);
    expect(data.data[0]).toEqual(access);
  });

  it('a wrong type names the field and the endpoint, not the value', () => {
    const bad = { ...access, protocols: 'carrier-pigeon', status: 'sometimes' };
    let thrown: unknown;
    try {
      decodeSuccess(answer(200, { ...page, data: [access, bad] }), schema, ctx);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadResponseError);
    const error = thrown as BadResponseError;
    expect(error.message).toContain('GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices');
    expect(error.fields).toEqual(expect.arrayContaining(['data[1].protocols', 'data[1].status']));
    expect(error.message).not.toContain('carrier-pigeon');
  });

  it('an access without its Device is a bad response', () => {
    const { device: _device, ...bare } = access;
    expect(() => decodeSuccess(answer(200, { ...page, data: [bare] }), schema, ctx)).toThrow(
      BadResponseError,
    );
    try {
      decodeSuccess(answer(200, { ...page, data: [bare] }), schema, ctx);
    } catch (error) {
      expect((error as BadResponseError).fields).toEqual(['data[0].device']);
    }
  });

  it('a body that is not JSON is a bad response', () => {
    expect(() => decodeSuccess(answer(200, 'hello'), schema, ctx)).toThrow(/not JSON/);
  });
});
