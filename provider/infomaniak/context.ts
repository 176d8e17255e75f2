/**
 * What every operation file shares: the caller, the client's settings, and the
 * paged-list helper built on paging.ts.
 */
import type { z } from 'zod';
import type { CallOptions, Caller } from './caller';
import type { Clock } from './clock';
import { AbortedError, MailApiError } from './errors';
import type { MailApiLogger } from './logger';
import { collectPages, isLastPage, iteratePages, type PageFetcher } from './paging';
import { backoffDelay, type RetryPolicy } from './retry';
import { MAX_PER_PAGE, type RouteName, type RouteParams } from './api-rules';
import { okSchema, pagedEnvelope, successEnvelope } from './wire-envelope';

/** DELETE, PATCH, grant and send answer `data: true`. */
export const okEnvelope = successEnvelope(okSchema);
/** What a delete returns when a retry finds its target already gone. */
export const alreadyDone = { result: 'success', data: true } as const satisfies z.infer<typeof okEnvelope>;

/** One address: the Mail Service id and the mailbox name (the local part). */
export interface MailboxRef {
  readonly hosting: number;
  readonly mailbox: string;
}

export interface ListOptions extends CallOptions {
  /** Items per page requested from the API (1..1000); the client's default otherwise. */
  readonly perPage?: number;
  /** Read at most this many pages and return what they held (e.g. 1 to peek at a list). */
  readonly maxPages?: number;
}

export interface ApiContext {
  readonly caller: Caller;
  readonly perPage: number;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger?: MailApiLogger;
  /** How long a create or regenerate already sent goes on after a stop (default FINISH_AFTER_STOP_MS). */
  readonly finishAfterStopMs?: number;
}

/** GETs every page of a paged list route and returns all items. `query` adds e.g. `with`, `search`. */
export function listAll<T>(
  ctx: ApiContext,
  route: RouteName,
  params: RouteParams,
  item: z.ZodType<T>,
  options: ListOptions = {},
  query: Readonly<Record<string, string | number>> = {},
): Promise<T[]> {
  const perPage = checkedPerPage(options.perPage ?? ctx.perPage);
  const fetchPage = pageFetcher(ctx, route, params, item, options, query, perPage);
  if (options.maxPages === undefined) return collectPages(fetchPage, perPage);
  return firstPages(fetchPage, perPage, options.maxPages);
}

/** The first page of a paged list route, and whether it is the whole list. */
export async function listFirstPage<T>(
  ctx: ApiContext,
  route: RouteName,
  params: RouteParams,
  item: z.ZodType<T>,
  options: ListOptions = {},
): Promise<{ readonly items: readonly T[]; readonly complete: boolean }> {
  const perPage = checkedPerPage(options.perPage ?? ctx.perPage);
  const first = await pageFetcher(ctx, route, params, item, options, {}, perPage)(1);
  return { items: first.items, complete: isLastPage(first, 1, perPage) };
}

function pageFetcher<T>(
  ctx: ApiContext,
  route: RouteName,
  params: RouteParams,
  item: z.ZodType<T>,
  options: CallOptions,
  query: Readonly<Record<string, string | number>>,
  perPage: number,
): PageFetcher<T> {
  const schema = pagedEnvelope(item);
  return async (page) => {
    const envelope = await ctx.caller.call(
      { method: 'GET', route, params, query: { ...query, page, per_page: perPage }, schema },
      options,
    );
    return {
      items: envelope.data as T[],
      total: envelope.total,
      pages: envelope.pages,
      page: envelope.page,
      items_per_page: envelope.items_per_page,
    };
  };
}

async function firstPages<T>(fetchPage: PageFetcher<T>, perPage: number, maxPages: number): Promise<T[]> {
  const items: T[] = [];
  let read = 0;
  for await (const page of iteratePages(fetchPage, perPage)) {
    items.push(...page.items);
    if (++read >= maxPages) break;
  }
  return items;
}

export function mailboxParams(ref: MailboxRef): RouteParams {
  return { hosting: ref.hosting, mailbox: ref.mailbox };
}

/**
 * A failure after which a create may or may not have happened: the service may have
 * committed it (timeout, reset, 5xx, unreadable 2xx), and the caller did not cancel.
 */
export function isAmbiguous(error: unknown): error is MailApiError {
  return error instanceof MailApiError && error.mayHaveCommitted && error.kind !== 'aborted';
}

/**
 * Waits between two rounds of a reconciled create, like the caller's own backoff.
 * Cancellation surfaces as an AbortedError about the create that was interrupted. A
 * round ends only once the listing showed nothing was made, so that create did not happen.
 */
export async function pauseBeforeRound(
  ctx: ApiContext,
  round: number,
  failed: MailApiError,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await ctx.clock.sleep(backoffDelay(ctx.retry, round, ctx.random), signal);
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(failed, false);
    throw error;
  }
}

export function checkedPerPage(perPage: number): number {
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new RangeError(`perPage must be a whole number from 1 to ${MAX_PER_PAGE}, got ${perPage}`);
  }
  return perPage;
}

/**
 * Checks an operation's input with its wire schema before anything is sent. The
 * error lists fields and rules, never the values (a value may be a password).
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`,
  );
  throw new TypeError(`Invalid ${what}: ${problems.join('; ')}`);
}
