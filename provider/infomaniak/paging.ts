/**
 * Walking a paged list to the end. The service pages with `page` (from 1) and
 * `per_page` in the query and may say `total`, `page`, `pages` and `items_per_page`
 * beside `data` (all four optional in the reference).
 *
 * Pages are read one after another (not in parallel) so a long list stays inside the
 * rate limit. The walk stops at the last page the latest answer announces (`pages`);
 * without `pages`, at a page shorter than the size asked for (the service may cap
 * `per_page`, so its own `items_per_page` counts when it says it); always at an empty
 * page, and at a hard cap that protects against a service that never ends. Items added
 * or removed while walking can shift between pages; callers that need an exact
 * snapshot read again.
 */
import type { Paging } from './wire';

export interface Page<T> extends Paging {
  readonly items: readonly T[];
}

export type PageFetcher<T> = (page: number) => Promise<Page<T>>;

/** Ten thousand pages of up to a thousand items: far beyond any Mail Service. */
export const MAX_PAGES = 10_000;

/** `perPage` is the size asked for; it decides "short page" when the answer has no `pages`. */
export async function* iteratePages<T>(
  fetchPage: PageFetcher<T>,
  perPage: number,
  maxPages = MAX_PAGES,
): AsyncGenerator<Page<T>> {
  for (let page = 1; page <= maxPages; page++) {
    const current = await fetchPage(page);
    yield current;
    if (isLastPage(current, page, perPage)) return;
  }
  throw new Error(`paging stopped after ${maxPages} pages: the list never ended`);
}

/** Whether no page follows `current`, page number `page` of a walk that asked for `perPage` items. */
export function isLastPage(current: Page<unknown>, page: number, perPage: number): boolean {
  if (current.items.length === 0) return true;
  if (current.pages !== undefined) return page >= current.pages;
  return current.items.length < Math.min(perPage, current.items_per_page || perPage);
}

/** Every item of every page, in order. */
export async function collectPages<T>(
  fetchPage: PageFetcher<T>,
  perPage: number,
  maxPages = MAX_PAGES,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of iteratePages(fetchPage, perPage, maxPages)) all.push(...page.items);
  return all;
}
