/**
 * Walking a paged list to the end. The service pages with `page` (from 1) and
 * `per_page` in the query and says `total` and `pages` beside `data`.
 *
 * Pages are read one after another (not in parallel) so a long list stays inside the
 * rate limit. The walk stops at the last page the latest answer announces, at an
 * empty page, or at a hard cap that protects against a service that never ends.
 * Items added or removed while walking can shift between pages; callers that need an
 * exact snapshot read again.
 */
import type { Paging } from './wire';

export interface Page<T> extends Paging {
  readonly items: readonly T[];
}

export type PageFetcher<T> = (page: number) => Promise<Page<T>>;

/** Ten thousand pages of up to a thousand items: far beyond any Mail Service. */
export const MAX_PAGES = 10_000;

export async function* iteratePages<T>(
  fetchPage: PageFetcher<T>,
  maxPages = MAX_PAGES,
): AsyncGenerator<Page<T>> {
  for (let page = 1; page <= maxPages; page++) {
    const current = await fetchPage(page);
    yield current;
    if (current.items.length === 0 || page >= current.pages) return;
  }
  throw new Error(`paging stopped after ${maxPages} pages: the list never ended`);
}

/** Every item of every page, in order. */
export async function collectPages<T>(fetchPage: PageFetcher<T>, maxPages = MAX_PAGES): Promise<T[]> {
  const all: T[] = [];
  for await (const page of iteratePages(fetchPage, maxPages)) all.push(...page.items);
  return all;
}
