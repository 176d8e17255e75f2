/**
 * What an endpoint is, and the helpers they share: body validation with the
 * wire schemas and the service's paging.
 */
import type { z } from 'zod';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type Paging, type RouteName } from '../../infomaniak/wire';
import { fieldError, fromZodError, validationFailed } from '../errors';
import type { Store } from '../store';
import type { Viewer } from '../views';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A query flag (`no_user=true`); anything but true/false/1/0 is a 422. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw validationFailed([fieldError(name, 'must be a boolean')]);
}

/** A positive integer query value, or undefined when absent. */
export function idParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]{1,15}$/.test(raw)) throw validationFailed([fieldError(name, 'must be an integer')]);
  return Number(raw);
}

/** One value of a closed list, or undefined when absent; an unknown value is a 422. */
export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    throw validationFailed([
      fieldError(name, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`),
    ]);
  }
  return raw as T;
}

/** The names in `with=a,b`. Unknown names are ignored, as related data nobody serves. */
export function withParam(query: URLSearchParams): Set<string> {
  return new Set(
    (query.get('with') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

export interface EndpointContext {
  store: Store;
  /** Path parameters, percent-decoded, keyed as in the wire template (`hosting`, `mailbox`, ...). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** Where this sandbox listens, for links it hands out. */
  baseUrl: string;
  /** The token's rights and user. */
  viewer: Viewer;
}

export interface Reply {
  status?: number;
  data: unknown;
  /** Present on list endpoints: serialised beside `data`. */
  paging?: Paging;
}

export interface Endpoint {
  method: HttpMethod;
  route: RouteName;
  handle(ctx: EndpointContext): Reply | Promise<Reply>;
}

export type FieldError = ReturnType<typeof fieldError>;

/**
 * Validates a body with a wire schema; a missing body counts as `{}` so the errors
 * name the missing fields. `rules` adds the service's own checks (password length,
 * name format) on the raw fields, so one 422 lists every problem at once.
 */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  rules?: (raw: Record<string, unknown>) => FieldError[],
): z.output<T> {
  const input = body === undefined ? {} : body;
  const parsed = schema.safeParse(input);
  const extra =
    rules && typeof input === 'object' && input !== null ? rules(input as Record<string, unknown>) : [];
  const errors = [...(parsed.success ? [] : (fromZodError(parsed.error).fieldErrors ?? [])), ...extra];
  if (errors.length > 0 || !parsed.success) throw validationFailed(errors);
  return parsed.data;
}

/**
 * The service's paging: `page` (1-based) and `per_page` in the query; `total`,
 * `pages`, `page` and `items_per_page` beside `data`. A `per_page` above the
 * maximum is capped (and `items_per_page` says so) rather than refused; a page
 * past the end is empty, not an error.
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Reply {
  const page = positiveIntParam(query, 'page', 1);
  const perPage = Math.min(positiveIntParam(query, 'per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const start = (page - 1) * perPage;
  return {
    data: items.slice(start, start + perPage),
    paging: { total: items.length, pages: Math.ceil(items.length / perPage), page, items_per_page: perPage },
  };
}

function positiveIntParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw validationFailed([fieldError(name, 'must be a positive integer')]);
  }
  return Number(raw);
}

export const ok: Reply = { data: true };
