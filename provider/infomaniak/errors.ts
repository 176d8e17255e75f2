/**
 * Every failure the Mail API client throws, as one family of classes a person can act on.
 *
 * An error holds only what is safe to print: the kind, the HTTP status, the method and
 * the route *template* (never the filled URL with its query), the path parameters
 * (ids and mailbox names, which are not secrets), the API's own error code and field
 * messages (scrubbed of any secret the request carried), and whether retrying may help.
 * It never holds the token, an invitation link, a request body or the underlying
 * socket error object, and a password only in CreatedButUnreadError (non-enumerable,
 * for the caller to keep): util.inspect / JSON.stringify of any thrown error is safe to log.
 */
import type { RouteFamily, RouteParams } from './wire';

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
  | 'not_implemented'
  | 'bad_response'
  | 'http'
  | 'ambiguous'
  | 'created_but_unread';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What the API was asked, in words that are safe to show. */
export interface RequestDescription {
  readonly method: HttpMethod;
  /** The route template, e.g. `/1/mail_hostings/{hosting}/mailboxes/{mailbox}`. */
  readonly route: string;
  readonly params: RouteParams;
}

/** One message of the API's `error.errors[]`: its code, its text and the field it names (`context.attribute`). */
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

/** Who may do what the token tried, in the words of Infomaniak's guides and `access_rights`. */
export const MISSING_RIGHT_HELP =
  'This needs a user who is Administrator or Legal Representative of the Organisation, ' +
  'or a user with the right to manage that Mail Service; ask an administrator of the Organisation to grant it ' +
  'in the Infomaniak Manager (Organisation > Users), or use a token of a user who has it.';

export class ForbiddenError extends MailApiError {
  /** True for `legacy_device_deletion`: only the generic password's owner may revoke it. */
  readonly legacyPasswordOwnerOnly: boolean;

  constructor(request: RequestDescription, apiDescription: string | undefined, code?: string) {
    const legacy = code === 'legacy_device_deletion';
    const service =
      request.params.hosting === undefined ? 'the Mail Service' : `Mail Service ${request.params.hosting}`;
    const text = legacy
      ? `The generic password of address "${request.params.mailbox ?? '(unknown)'}" may be revoked only by ` +
        `its owner (403 legacy_device_deletion on ${endpointOf(request)}): the user whose address it is ` +
        `must revoke it, in the Manager or with their own token.`
      : `The token's user may not ${actionOf(request)} on ${service} (403 on ${endpointOf(request)}). ` +
        MISSING_RIGHT_HELP;
    super('forbidden', text + suffix(apiDescription), request, {
      status: 403,
      code,
      retryable: false,
      mayHaveCommitted: false,
    });
    this.legacyPasswordOwnerOnly = legacy;
  }
}

export type ResourceKind =
  'hosting' | 'mailbox' | 'device_access' | 'device' | 'user' | 'invitation' | 'account' | 'route';

export class NotFoundError extends MailApiError {
  /** Which thing was missing: the hosting, the mailbox, the device access, the Device, the user, ... */
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
  /** The API's `error.errors[]`, read defensively (entries that are not objects are skipped). */
  readonly fields: readonly FieldMessage[];

  constructor(
    request: RequestDescription,
    /** 409, 422, or a 400 that carried field messages. */
    status: number,
    apiDescription: string,
    fields: readonly FieldMessage[],
    code?: string,
  ) {
    const details = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message));
    const what = status === 409 ? 'conflicts with the current state' : 'was rejected as invalid';
    super(
      status === 409 ? 'conflict' : 'validation',
      `${endpointOf(request)} ${what} (${status}${code ? ` ${code}` : ''}): ` +
        [apiDescription, ...details].filter(Boolean).join('; '),
      request,
      { status, code, retryable: false, mayHaveCommitted: false },
    );
    this.fields = fields.map((f) => ({ ...f }));
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fields: this.fields };
  }
}

/** A 429 anywhere, or a 400 `too_many_attempts_*` (a per-route limit; see wire.ts `rateLimit`). */
export class RateLimitedError extends MailApiError {
  /** How long the API asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(request: RequestDescription, retryAfterMs: number | undefined, code?: string, status = 429) {
    const wait = retryAfterMs === undefined ? '' : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    const text =
      code === 'invitation_sending_rate_limit_reached'
        ? `Too many invitation mails were sent for this address (${status} ${code} on ${endpointOf(request)}).` +
          `${wait} Try again later.`
        : status === 400
          ? `The Infomaniak API limits how often this may be tried (400 ${code ?? ''} on ${endpointOf(request)}).` +
            `${wait} Wait, then try again.`
          : `The Infomaniak API is rate limiting this token (429 on ${endpointOf(request)}; about 60 requests ` +
            `a minute per token).${wait} Lower the client's requestsPerMinute, or avoid sharing the token ` +
            `between several tools running at once.`;
    super('rate_limited', text, request, { status, code, retryable: true, mayHaveCommitted: false });
    this.retryAfterMs = retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/**
 * 501: never retried. What it means depends on the route family (wire.ts `routeFamily`):
 * on `.../accesses/...` the Mail Service is not yet enabled for device and user
 * accesses; on the older routes the account already moved to that model.
 */
export class NotImplementedError extends MailApiError {
  readonly family: RouteFamily;

  constructor(request: RequestDescription, family: RouteFamily, code?: string) {
    super('not_implemented', notImplementedText(request, family), request, {
      status: 501,
      code,
      retryable: false,
      mayHaveCommitted: false,
    });
    this.family = family;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), family: this.family };
  }
}

function notImplementedText(request: RequestDescription, family: RouteFamily): string {
  const service =
    request.params.hosting === undefined ? 'The Mail Service' : `Mail Service ${request.params.hosting}`;
  const at = `(501 on ${endpointOf(request)})`;
  switch (family) {
    case 'accesses':
      return (
        `${service} is not yet enabled for device and user accesses ${at}. Infomaniak enables accounts ` +
        `gradually; there is nothing to fix in the configuration: try again once it is enabled.`
      );
    case 'legacy':
      return `${service} has already moved to device and user accesses, so this older route is closed ${at}.`;
    default:
      return `The Infomaniak API does not offer this operation here ${at}.`;
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
    const when = mayHaveCommitted ? '' : ' before it was sent: nothing was changed';
    super('aborted', `${endpointOf(request)} was cancelled by the caller${when}.`, request, {
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

export function isMailApiError(value: unknown): value is MailApiError {
  return value instanceof MailApiError;
}

/** `METHOD /route/{template}`: how messages name a request (never the filled URL). */
export function endpointOf(request: RequestDescription): string {
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
    case 'device_access':
      return `Device access ${p.access ?? '(unknown id)'} was not found${where}; it may have been revoked`;
    case 'device':
      return `Device ${p.device ?? '(unknown id)'} was not found; it may have been removed`;
    case 'user':
      return `User ${p.user ?? '(unknown id)'} was not found${where}, or has no access there; check the user id`;
    case 'invitation':
      return `Invitation ${p.invitation ?? '(unknown key)'} was not found${where}; it may have expired or been used`;
    case 'account':
      return `Account ${p.account ?? '(unknown id)'} was not found, or this token cannot see its users`;
    case 'route':
      return 'The API has no such route; check the endpoint the client is configured with';
  }
}
