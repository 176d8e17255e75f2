/**
 * From an HTTP answer to typed data or to the MailApiError a person can act on.
 *
 * Success bodies are checked against the zod envelope schema of the endpoint; a
 * mismatch names the field and the endpoint. Error bodies are read leniently (a proxy's
 * HTML 502 page is still a 502) and their texts are scrubbed of the request's secrets
 * before they reach an error message.
 */
import type { z } from 'zod';
import {
  BadResponseError,
  ForbiddenError,
  HttpStatusError,
  type FieldMessage,
  type MailApiError,
  NotFoundError,
  RateLimitedError,
  RejectedError,
  type RequestDescription,
  type ResourceKind,
  ServerError,
  UnauthorizedError,
} from './errors';
import { parseRetryAfter } from './retry';
import { scrub } from './redact';
import type { HttpAnswer } from './transport';
import { errorCodes, errorEnvelopeSchema, type RouteParams } from './wire';

/** API texts are shown to people; a runaway description is cut. */
const MAX_TEXT = 500;

export interface DecodeContext {
  readonly request: RequestDescription;
  /** Strings that must never appear in an error (token, passwords of the body). */
  readonly secrets: readonly string[];
  readonly now: number;
}

export function decodeSuccess<T>(answer: HttpAnswer, schema: z.ZodType<T>, ctx: DecodeContext): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new BadResponseError(ctx.request, answer.status, [{ path: '', message: 'not JSON' }]);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => ({
    path: formatPath(issue.path),
    message: scrub(issue.message, ctx.secrets),
  }));
  throw new BadResponseError(ctx.request, answer.status, problems);
}

export function decodeFailure(answer: HttpAnswer, ctx: DecodeContext): MailApiError {
  const body = readErrorBody(answer.text, ctx.secrets);
  const { request } = ctx;
  const status = answer.status;
  if (status === 401) return new UnauthorizedError(request, body.code);
  if (status === 403) return new ForbiddenError(request, body.description, body.code);
  if (status === 404) return new NotFoundError(request, missingResource(body.code, request), body.code);
  if (status === 409 || status === 422 || (status === 400 && body.fieldErrors.length > 0)) {
    return new RejectedError(request, status, body.description ?? '', body.fieldErrors, body.code);
  }
  const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], ctx.now);
  if (status === 429) return new RateLimitedError(request, retryAfterMs, body.code);
  if (status >= 500) return new ServerError(request, status, body.description, body.code, retryAfterMs);
  return new HttpStatusError(request, status, body.description, body.code);
}

interface ErrorBody {
  code?: string;
  description?: string;
  fieldErrors: FieldMessage[];
}

function readErrorBody(text: string, secrets: readonly string[]): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { fieldErrors: [] };
  }
  const parsed = errorEnvelopeSchema.safeParse(json);
  if (!parsed.success) return { fieldErrors: [] };
  const { code, description, errors = [] } = parsed.data.error;
  return {
    code: clip(scrub(code, secrets)),
    description: clip(scrub(description, secrets)),
    fieldErrors: errors.slice(0, 20).map((e) => ({
      field: e.context?.attribute,
      code: clip(scrub(e.code, secrets)),
      message: clip(scrub(e.description, secrets)),
    })),
  };
}

const RESOURCE_BY_CODE: Record<string, ResourceKind> = {
  [errorCodes.hostingNotFound]: 'hosting',
  [errorCodes.mailboxNotFound]: 'mailbox',
  [errorCodes.deviceNotFound]: 'device',
  [errorCodes.userNotFound]: 'user',
  [errorCodes.invitationNotFound]: 'invitation',
  [errorCodes.routeNotFound]: 'route',
};

const RESOURCE_BY_PARAM: Record<keyof RouteParams, ResourceKind> = {
  hosting: 'hosting',
  mailbox: 'mailbox',
  device: 'device',
  user: 'user',
  invitation: 'invitation',
};

/**
 * Which thing was missing. The API's code says it when we know the code; otherwise the
 * deepest path parameter of the route is the best guess.
 */
export function missingResource(code: string | undefined, request: RequestDescription): ResourceKind {
  const known = code === undefined ? undefined : RESOURCE_BY_CODE[code];
  if (known) return known;
  const names = [...request.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof RouteParams);
  const leaf = names.at(-1);
  return leaf ? (RESOURCE_BY_PARAM[leaf] ?? 'route') : 'route';
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${String(step)}`))
    .join('');
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
