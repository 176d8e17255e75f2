/**
 * Every failure the Mail API client throws, as one family of classes a person can act on.
 *
 * An error holds only what is safe to print: the kind, the HTTP status, the method and
 * the route *template* (never the filled URL with its query), the path parameters
 * (ids and mailbox names, which are not secrets), the API's own error code and field
 * messages (scrubbed of any secret the request carried), and whether retrying may help.
 * It never holds the token, a password, an invitation link, a request body or the
 * underlying socket error object: util.inspect / JSON.stringify of any thrown error
 * is safe to log.
 */
import type { RouteParams } from './wire';

export type MailApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'aborted'
  | 'bad_response'
  | 'http'
  | 'ambiguous';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What the API was asked, in words that are safe to show. */
export interface RequestDescription {
  readonly method: HttpMethod;
  /** The route template, e.g. `/1/mail_hostings/{hosting}/mailboxes/{mailbox}`. */
  readonly route: string;
  readonly params: RouteParams;
}

/** One message of the API's `error.errors[]`, e.g. about the `password` field. */
export interface FieldMessage {
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

export interface MailApiErrorInit {
  readonly status?: number;
  /** The API's error code (`error.code`), when it sent one. */
  readonly code?: string;
  /** True when repeating the same request may succeed (transient failures). */
  readonly retryable: boolean;
  /** True when the service may have carried out the request although we saw a failure. */
  readonly mayHaveCommitted: boolean;
  readonly attempts?: number;
}

export class MailApiError extends Error {
  readonly kind: MailApiErrorKind;
  readonly status: number | undefined;
  readonly method: HttpMethod;
  readonly route: string;
  readonly params: RouteParams;
  readonly code: string | undefined;
  readonly retryable: boolean;
  readonly mayHaveCommitted: boolean;
  /** How many times the request was sent before giving up; set by the retry loop. */
  attempts: number;

  constructor(kind: MailApiErrorKind, message: string, request: RequestDescription, init: MailApiErrorInit) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.status = init.status;
    this.method = request.method;
    this.route = request.route;
    this.params = { ...request.params };
    this.code = init.code;
    this.retryable = init.retryable;
    this.mayHaveCommitted = init.mayHaveCommitted;
    this.attempts = init.attempts ?? 1;
  }

  /** `GET /1/mail_hostings/{hosting}/mailboxes` — how messages name the endpoint. */
  get endpoint(): string {
    return `${this.method} ${this.route}`;
  }

  /** A plain object for structured logs; the same fields util.inspect shows. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      method: this.method,
      route: this.route,
      params: this.params,
      code: this.code,
      retryable: this.retryable,
      mayHaveCommitted: this.mayHaveCommitted,
      attempts: this.attempts,
    };
  }
}

const TOKEN_HELP =
  'Create a new API token with the "mail" scope in the Infomaniak Manager ' +
  '(profile menu > Developer > API tokens, https://manager.infomaniak.com/v3/ng/accounts/token/list) ' +
  'and configure the client with it.';

export class UnauthorizedError extends MailApiError {
  constructor(request: RequestDescription, code?: string) {
    super(
      'unauthorized',
      `The Infomaniak API refused the token (401 on ${endpointOf(request)}): it is invalid, expired or revoked, ` +
        `or lacks the "mail" scope. ${TOKEN_HELP}`,
      request,
      { status: 401, code, retryable: false, mayHaveCommitted: false },
    );
  }
}

export class ForbiddenError extends MailApiError {
  constructor(request: RequestDescription, apiDescription: string | undefined, code?: string) {
    const service =
      request.params.hosting === undefined ? 'the Mail Service' : `Mail Service ${request.params.hosting}`;
    super(
      'forbidden',
      `The token's user may not ${actionOf(request)} (403 on ${endpointOf(request)}). ` +
        `This needs the right of Administrator or Legal Representative of the organisation, ` +
        `or the right to manage ${service}; ask an administrator of the organisation to grant it ` +
        `in the Infomaniak Manager (Organisation > Users), or use a token of a user who has it.` +
        suffix(apiDescription),
      request,
      { status: 403, code, retryable: false, mayHaveCommitted: false },
    );
  }
}

export type ResourceKind = 'hosting' | 'mailbox' | 'device' | 'user' | 'invitation' | 'route';

export class NotFoundError extends MailApiError {
  /** Which thing was missing: the hosting, the mailbox, the device, the user or the invitation. */
  readonly resource: ResourceKind;

  constructor(request: RequestDescription, resource: ResourceKind, code?: string) {
    super(
      'not_found',
      `${describeMissing(resource, request.params)} (404 on ${endpointOf(request)})`,
      request,
      {
        status: 404,
        code,
        retryable: false,
        mayHaveCommitted: false,
      },
    );
    this.resource = resource;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), resource: this.resource };
  }
}

/** 409 (conflict with the current state) and 422 (invalid input), with the API's own field messages. */
export class RejectedError extends MailApiError {
  readonly fieldErrors: readonly FieldMessage[];

  constructor(
    request: RequestDescription,
    /** 409, 422, or a 400 that carried field messages. */
    status: number,
    apiDescription: string,
    fieldErrors: readonly FieldMessage[],
    code?: string,
  ) {
    const details = fieldErrors.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message));
    const what = status === 409 ? 'conflicts with the current state' : 'was rejected as invalid';
    super(
      status === 409 ? 'conflict' : 'validation',
      `${endpointOf(request)} ${what} (${status}): ${[apiDescription, ...details].filter(Boolean).join('; ')}`,
      request,
      { status, code, retryable: false, mayHaveCommitted: false },
    );
    this.fieldErrors = fieldErrors.map((f) => ({ ...f }));
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

export class RateLimitedError extends MailApiError {
  /** How long the API asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(request: RequestDescription, retryAfterMs: number | undefined, code?: string) {
    const wait = retryAfterMs === undefined ? '' : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    super(
      'rate_limited',
      `The Infomaniak API is rate limiting this token (429 on ${endpointOf(request)}; about 60 requests ` +
        `a minute per token).${wait} Lower the client's requestsPerMinute, or avoid sharing the token ` +
        `between several tools running at once.`,
      request,
      { status: 429, code, retryable: true, mayHaveCommitted: false },
    );
    this.retryAfterMs = retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

export class ServerError extends MailApiError {
  readonly retryAfterMs: number | undefined;

  constructor(
    request: RequestDescription,
    status: number,
    apiDescription?: string,
    code?: string,
    retryAfterMs?: number,
  ) {
    super(
      'server',
      `The Infomaniak API failed with ${status} on ${endpointOf(request)}; this is on the service's side, ` +
        `try again later (https://infomaniakstatus.com).` +
        suffix(apiDescription),
      request,
      { status, code, retryable: true, mayHaveCommitted: true },
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** Any other unexpected status (e.g. 400, 405, 410). */
export class HttpStatusError extends MailApiError {
  constructor(request: RequestDescription, status: number, apiDescription?: string, code?: string) {
    super(
      'http',
      `The Infomaniak API answered ${status} on ${endpointOf(request)}.` + suffix(apiDescription),
      request,
      { status, code, retryable: false, mayHaveCommitted: false },
    );
  }
}

export class TimeoutError extends MailApiError {
  readonly timeoutMs: number;

  constructor(request: RequestDescription, timeoutMs: number) {
    super(
      'timeout',
      `No complete answer from the Infomaniak API within ${timeoutMs} ms on ${endpointOf(request)}; ` +
        `the service or the network is slow. Try again, or raise the client's timeoutMs.`,
      request,
      { retryable: true, mayHaveCommitted: true },
    );
    this.timeoutMs = timeoutMs;
  }
}

export class ConnectionError extends MailApiError {
  /** The system or undici error code, e.g. ECONNRESET or UND_ERR_SOCKET. */
  readonly causeCode: string | undefined;

  constructor(request: RequestDescription, causeCode: string | undefined, sent: boolean, endpoint: string) {
    const how = sent
      ? 'the connection was reset before the answer arrived'
      : `could not connect to ${endpoint}`;
    super(
      'connection',
      `Network failure on ${endpointOf(request)}: ${how}${causeCode ? ` (${causeCode})` : ''}. ` +
        `Check the endpoint and the network, then try again.`,
      request,
      { retryable: true, mayHaveCommitted: sent },
    );
    this.causeCode = causeCode;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), causeCode: this.causeCode };
  }
}

export class AbortedError extends MailApiError {
  constructor(request: RequestDescription, mayHaveCommitted: boolean) {
    super('aborted', `${endpointOf(request)} was cancelled by the caller.`, request, {
      retryable: false,
      mayHaveCommitted,
    });
    // Generic cancellation checks look for this name.
    this.name = 'AbortError';
  }
}

/** A 2xx answer that does not have the shape we rely on. */
export class BadResponseError extends MailApiError {
  /** Where in the body, e.g. `data[3].protocols[0]`. */
  readonly fields: readonly string[];

  constructor(
    request: RequestDescription,
    status: number,
    problems: readonly { path: string; message: string }[],
  ) {
    const listed = problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; ');
    super(
      'bad_response',
      `Unexpected answer from the Infomaniak API on ${endpointOf(request)} (${status}): ${listed}. ` +
        `The API may have changed; please report this.`,
      request,
      { status, retryable: false, mayHaveCommitted: true },
    );
    this.fields = problems.map((p) => p.path);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fields: this.fields };
  }
}

/**
 * A create whose outcome could not be established: it may have happened, and listing
 * to find out failed too. `marker` is what to look for in the list later.
 */
export class AmbiguousCreateError extends MailApiError {
  readonly marker: string | undefined;

  constructor(request: RequestDescription, what: string, marker: string | undefined, last: MailApiError) {
    super(
      'ambiguous',
      `Could not tell whether ${what} was created on ${endpointOf(request)}: the create failed ambiguously ` +
        `and checking afterwards failed too (${last.message})` +
        (marker ? ` Look for a device whose label ends with "${marker}".` : ''),
      request,
      { status: last.status, retryable: false, mayHaveCommitted: true, attempts: last.attempts },
    );
    this.marker = marker;
  }
}

export function isMailApiError(value: unknown): value is MailApiError {
  return value instanceof MailApiError;
}

function endpointOf(request: RequestDescription): string {
  return `${request.method} ${request.route}`;
}

function suffix(apiDescription: string | undefined): string {
  return apiDescription ? ` The API said: ${apiDescription}` : '';
}

/** A short verb phrase for 403 messages, from the method and the route, e.g. "create or change devices". */
function actionOf(request: RequestDescription): string {
  const verb = { GET: 'read', POST: 'create or change', PATCH: 'change', PUT: 'change', DELETE: 'delete' }[
    request.method
  ];
  const last =
    request.route
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .at(-1) ?? 'this';
  const noun = last === 'send' ? 'invitations' : last.replace(/_/g, ' ');
  return `${request.method === 'POST' && last === 'send' ? 'send' : verb} ${noun}`;
}

function describeMissing(resource: ResourceKind, p: RouteParams): string {
  const service = p.hosting === undefined ? 'the Mail Service' : `Mail Service ${p.hosting}`;
  const where = p.mailbox === undefined ? '' : ` on address "${p.mailbox}" of ${service}`;
  switch (resource) {
    case 'hosting':
      return `${service} was not found, or this token cannot see it; check the mail hosting id`;
    case 'mailbox':
      return `Address "${p.mailbox ?? '(unknown)'}" does not exist in ${service}; check the mailbox name (the part before @) or create it`;
    case 'device':
      return `Device ${p.device ?? '(unknown id)'} was not found${where}; it may have been revoked`;
    case 'user':
      return `User ${p.user ?? '(unknown id)'} was not found${where}; check the user id`;
    case 'invitation':
      return `Invitation ${p.invitation ?? '(unknown id)'} was not found${where}; it may have expired`;
    case 'route':
      return 'The API has no such route; check the endpoint the client is configured with';
  }
}
