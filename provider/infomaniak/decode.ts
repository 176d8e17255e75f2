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
  NotImplementedError,
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
import {
  errorCodes,
  isRateLimitCode,
  routeFamily,
  routes,
  type RouteName,
  type RouteFamily,
  type RouteParams,
} from './api-rules';
import { apiErrorDetailSchema, errorEnvelopeSchema } from './wire-envelope';

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
  const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], ctx.now);
  if (status === 401) return new UnauthorizedError(request, body.code);
  if (status === 403) return new ForbiddenError(request, body.description, body.code);
  if (status === 404) return new NotFoundError(request, missingResource(body.code, request), body.code);
  if (status === 429 || (status === 400 && isRateLimitCode(body.code))) {
    return new RateLimitedError(request, retryAfterMs, body.code, status);
  }
  if (status === 501) return new NotImplementedError(request, familyOf(request), body.code);
  if (status === 409 || status === 422 || (status === 400 && body.fields.length > 0)) {
    return new RejectedError(request, status, body.description ?? '', body.fields, body.code);
  }
  if (status >= 500) return new ServerError(request, status, body.description, body.code, retryAfterMs);
  return new HttpStatusError(request, status, body.description, body.code);
}

interface ErrorBody {
  code?: string;
  description?: string;
  fields: FieldMessage[];
}

function readErrorBody(text: string, secrets: readonly string[]): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { fields: [] };
  }
  const parsed = errorEnvelopeSchema.safeParse(json);
  if (!parsed.success) return { fields: [] };
  const { code, description, errors = [] } = parsed.data.error;
  return {
    code: clip(scrub(code, secrets)),
    description: description === undefined ? undefined : clip(scrub(description, secrets)),
    fields: errors.slice(0, 20).flatMap((entry) => fieldMessage(entry, secrets)),
  };
}

/** See wire.ts ASSUMED `errorDetails`: anything that is not such an object is skipped. */
function fieldMessage(entry: unknown, secrets: readonly string[]): FieldMessage[] {
  const parsed = apiErrorDetailSchema.safeParse(entry);
  if (!parsed.success) return [];
  const { code, description, context } = parsed.data;
  if (code === undefined && description === undefined) return [];
  const attribute = context?.attribute;
  return [
    {
      field: typeof attribute === 'string' ? clip(scrub(attribute, secrets)) : undefined,
      code: clip(scrub(code ?? '', secrets)),
      message: clip(scrub(description ?? code ?? '', secrets)),
    },
  ];
}

const RESOURCE_BY_CODE: Record<string, ResourceKind> = {
  [errorCodes.userHasNoAccess]: 'user',
  [errorCodes.routeNotFound]: 'route',
};

const RESOURCE_BY_PARAM: Record<keyof RouteParams, ResourceKind> = {
  hosting: 'hosting',
  mailbox: 'mailbox',
  access: 'device_access',
  device: 'device',
  user: 'user',
  invitation: 'invitation',
  account: 'account',
};

/**
 * Which thing was missing. The API answers `object_not_found` for all of them, so the
 * deepest path parameter of the route is the best guess; a code that says more wins.
 */
export function missingResource(code: string | undefined, request: RequestDescription): ResourceKind {
  const known = code === undefined ? undefined : RESOURCE_BY_CODE[code];
  if (known) return known;
  const names = [...request.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof RouteParams);
  const leaf = names.at(-1);
  return leaf ? (RESOURCE_BY_PARAM[leaf] ?? 'route') : 'route';
}

const NAME_BY_TEMPLATE = new Map<string, RouteName>(
  (Object.entries(routes) as [RouteName, string][]).map(([name, template]) => [template, name]),
);

/** The route family of a request (its template names the route). */
export function familyOf(request: RequestDescription): RouteFamily {
  const name = NAME_BY_TEMPLATE.get(request.route);
  return name === undefined ? 'accesses' : routeFamily(name);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${String(step)}`))
    .join('');
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
