import { collectPages, type Page } from './paging';

function pager(items: number[], perPage: number) {
  const asked: number[] = [];
  const fetch = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    const start = (page - 1) * perPage;
    return {
      items: items.slice(start, start + perPage),
      total: items.length,
      pages: Math.ceil(items.length / perPage),
      page,
      items_per_page: perPage,
    };
  };
  return { fetch, asked };
}

describe('collectPages', () => {
  it('walks every page in order', async () => {
    const { fetch, asked } = pager([1, 2, 3, 4, 5, 6, 7], 3);
    expect(await collectPages(fetch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('reads one page for an empty list', async () => {
    const { fetch, asked } = pager([], 10);
    expect(await collectPages(fetch)).toEqual([]);
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
    expect(await collectPages(fetch)).toEqual([1]);
  });

  it('gives up on a list that never ends', async () => {
    const fetch = async (page: number): Promise<Page<number>> => ({
      items: [page],
      total: Infinity,
      pages: Number.MAX_SAFE_INTEGER,
      page,
      items_per_page: 1,
    });
    await expect(collectPages(fetch, 5)).rejects.toThrow(/after 5 pages/);
  });
});
