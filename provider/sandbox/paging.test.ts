import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../infomaniak/wire';
import { paginate } from './endpoints/endpoint';
import { ApiError } from './errors';

const items = Array.from({ length: 25 }, (_, i) => i + 1);
const q = (query: string) => new URLSearchParams(query);

describe('paginate', () => {
  it('defaults to the first page of DEFAULT_PER_PAGE', () => {
    expect(paginate(items, q(''))).toEqual({
      data: items,
      paging: { total: 25, pages: 1, page: 1, items_per_page: DEFAULT_PER_PAGE },
    });
  });

  it('slices pages and answers an empty page past the end', () => {
    expect(paginate(items, q('page=3&per_page=10'))).toEqual({
      data: [21, 22, 23, 24, 25],
      paging: { total: 25, pages: 3, page: 3, items_per_page: 10 },
    });
    expect(paginate(items, q('page=4&per_page=10')).data).toEqual([]);
    expect(paginate([], q('')).paging).toEqual({
      total: 0,
      pages: 0,
      page: 1,
      items_per_page: DEFAULT_PER_PAGE,
    });
  });

  it('caps per_page at MAX_PER_PAGE and refuses nonsense with a field error', () => {
    expect(paginate(items, q(`per_page=${MAX_PER_PAGE + 5}`)).paging?.items_per_page).toBe(MAX_PER_PAGE);
    for (const bad of ['page=0', 'page=-1', 'per_page=abc', 'page=1.5']) {
      try {
        paginate(items, q(bad));
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(422);
        expect((error as ApiError).fieldErrors?.[0].context?.attribute).toBe(bad.split('=')[0]);
      }
    }
  });
});
