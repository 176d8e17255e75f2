import { collectPages, type Page } from './paging';

function pager(items: number[], perPage: number, announce = true) {
  const asked: number[] = [];
  const fetch = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    const start = (page - 1) * perPage;
    const slice = items.slice(start, start + perPage);
    return announce
      ? {
          items: slice,
          total: items.length,
          pages: Math.ceil(items.length / perPage),
          page,
          items_per_page: perPage,
        }
      : { items: slice };
  };
  return { fetch, asked };
}

describe('collectPages', () => {
  it('walks every page in order, following `pages`', async () => {
    const { fetch, asked } = pager([1, 2, 3, 4, 5, 6, 7], 3);
    expect(await collectPages(fetch, 3)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('follows `pages` even when the service gives fewer items per page than asked', async () => {
    const { fetch, asked } = pager([1, 2, 3, 4, 5], 2);
    expect(await collectPages(fetch, 100)).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('without `pages`, reads until a short page', async () => {
    const { fetch, asked } = pager([1, 2, 3, 4, 5, 6, 7], 3, false);
    expect(await collectPages(fetch, 3)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('without `pages`, reads one more (empty) page when the last one is full', async () => {
    const { fetch, asked } = pager([1, 2, 3, 4, 5, 6], 3, false);
    expect(await collectPages(fetch, 3)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('reads one page for an empty list', async () => {
    const { fetch, asked } = pager([], 10);
    expect(await collectPages(fetch, 10)).toEqual([]);
    expect(asked).toEqual([1]);
  });

  it('stops at an empty page even if the announced count is wrong', async () => {
    const fetch = async (page: number): Promise<Page<number>> => ({
      items: page === 1 ? [1] : [],
      total: 100,
      pages: 100,
      page,
      items_per_page: 1,
    });
    expect(await collectPages(fetch, 1)).toEqual([1]);
  });

  it('gives up on a list that never ends', async () => {
    const fetch = async (page: number): Promise<Page<number>> => ({
      items: [page],
      total: Infinity,
      pages: Number.MAX_SAFE_INTEGER,
      page,
      items_per_page: 1,
    });
    await expect(collectPages(fetch, 1, 5)).rejects.toThrow(/after 5 pages/);
  });
});
