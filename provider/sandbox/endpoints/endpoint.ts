/**
 * What an endpoint is, and the helpers they share: body validation with the
 * wire schemas and the service's paging.
 */
import type { z } from 'zod';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type Paging, type RouteName } from '../../infomaniak/wire';
import { fieldError, fromZodError, validationFailed } from '../errors';
import type { Store } from '../store';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface EndpointContext {
  store: Store;
  /** Path parameters, percent-decoded, keyed as in the wire template (`hosting`, `mailbox`, ...). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** Where this sandbox listens, for links it hands out. */
  baseUrl: string;
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
