import { inspect } from 'node:util';
import { decodeFailure, decodeSuccess } from './decode';
import {
  BadResponseError,
  ForbiddenError,
  HttpStatusError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  type RequestDescription,
  ServerError,
  UnauthorizedError,
} from './errors';
import type { HttpAnswer } from './transport';
import { deviceSchema, pagedEnvelope, routes } from './wire';

const TOKEN = 'tok-SECRET-abcdef123456';
const PASSWORD = 'chosen-but-short';
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
    expect(error.message).toMatch(/Infomaniak Manager/);
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      method: 'GET',
      route: routes.devices,
      retryable: false,
    });
  });

  it('403 names the missing right', () => {
    const error = decodeFailure(answer(403, apiError('forbidden', 'no')), {
      ...ctx,
      request: { ...devices, method: 'POST' },
    });
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/Administrator or Legal Representative/);
    expect(error.message).toMatch(/manage Mail Service 42/);
  });

  it.each([
    ['mail_hosting_not_found', 'hosting', /Mail Service 42 was not found/],
    ['mailbox_not_found', 'mailbox', /Address "contact" does not exist in Mail Service 42/],
    ['device_not_found', 'device', /Device 7 was not found on address "contact"/],
    ['user_not_found', 'user', /User 9 was not found/],
    ['invitation_not_found', 'invitation', /Invitation 3 was not found/],
  ])('404 %s names the %s from the request', (code, resource, message) => {
    const request = { ...devices, params: { ...devices.params, device: 7, user: 9, invitation: 3 } };
    const error = decodeFailure(answer(404, apiError(code, '')), { ...ctx, request });
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).resource).toBe(resource);
    expect(error.message).toMatch(message);
  });

  it('404 without a known code falls back on the deepest route parameter', () => {
    const request: RequestDescription = {
      method: 'DELETE',
      route: routes.device,
      params: { hosting: 1, mailbox: 'm', device: 5 },
    };
    const error = decodeFailure(answer(404, '<html>not found</html>'), { ...ctx, request });
    expect((error as NotFoundError).resource).toBe('device');
  });

  it('422 carries the API field messages and never the submitted secret', () => {
    const body = apiError('validation_failed', `The request is invalid: password "${PASSWORD}" too short`, [
      {
        code: 'validation_failed',
        description: 'must be at least 16 characters',
        context: { attribute: 'password' },
      },
    ]);
    const error = decodeFailure(answer(422, body), ctx);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error.kind).toBe('validation');
    expect((error as RejectedError).fieldErrors).toEqual([
      { field: 'password', code: 'validation_failed', message: 'must be at least 16 characters' },
    ]);
    expect(error.message).toMatch(/password: must be at least 16 characters/);
    expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('409 is a conflict with the description', () => {
    const error = decodeFailure(
      answer(409, apiError('generic_password_immutable', 'cannot regenerate')),
      ctx,
    );
    expect(error).toMatchObject({ kind: 'conflict', status: 409, code: 'generic_password_immutable' });
    expect(error.message).toMatch(/cannot regenerate/);
  });

  it('429 and 5xx are retryable and read Retry-After', () => {
    const limited = decodeFailure(
      answer(429, apiError('too_many_requests', 'slow'), { 'retry-after': '3' }),
      ctx,
    );
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ retryable: true, mayHaveCommitted: false, retryAfterMs: 3000 });
    const server = decodeFailure(answer(502, '<html>Bad gateway</html>'), ctx);
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ retryable: true, mayHaveCommitted: true, status: 502 });
  });

  it('other statuses are plain HTTP errors', () => {
    expect(decodeFailure(answer(405, ''), ctx)).toBeInstanceOf(HttpStatusError);
  });

  it('scrubs the token if a body ever echoed it', () => {
    const error = decodeFailure(answer(500, apiError('internal_error', `token ${TOKEN} broke`)), ctx);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
  });
});

describe('decodeSuccess', () => {
  const schema = pagedEnvelope(deviceSchema);
  const device = {
    id: 1,
    label: 'x',
    user_id: null,
    protocols: ['imap'],
    created_at: 1,
    password_changed_at: 1,
    is_generic: false,
  };
  const page = { result: 'success', total: 1, pages: 1, page: 1, items_per_page: 100 };

  it('parses and drops unknown fields', () => {
    const data = decodeSuccess(answer(200, { ...page, data: [{ ...device, extra: 'ok' }] }), schema, ctx);
    expect(data.data[0]).toEqual(device);
  });

  it('a wrong type names the field and the endpoint, not the value', () => {
    const bad = { ...device, protocols: ['carrier-pigeon'], is_generic: 'sometimes' };
    let thrown: unknown;
    try {
      decodeSuccess(answer(200, { ...page, data: [device, bad] }), schema, ctx);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadResponseError);
    const error = thrown as BadResponseError;
    expect(error.message).toContain('GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices');
    expect(error.fields).toEqual(expect.arrayContaining(['data[1].protocols[0]', 'data[1].is_generic']));
    expect(error.message).not.toContain('sometimes');
  });

  it('a body that is not JSON is a bad response', () => {
    expect(() => decodeSuccess(answer(200, 'hello'), schema, ctx)).toThrow(/not JSON/);
  });
});
