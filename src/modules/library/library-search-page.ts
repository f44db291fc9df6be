import type { LibraryService } from './library.service.ts';
import { AGE_BAND_LABELS, REVIEW_TYPE_LABELS, type FacetCount } from './library.types.ts';

type SearchResult = Awaited<ReturnType<LibraryService['search']>>;
const FILTERS = ['year', 'area', 'type', 'ageBand', 'theme'] as const;

/** The query string for a page of the same search. */
function hrefFor(result: SearchResult, page: number): string {
  const params = new URLSearchParams();
  if (result.filters.q) params.set('q', result.filters.q);
  for (const f of FILTERS) for (const v of result.filters[f]) params.append(f, String(v));
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/library?${qs}` : '/library';
}

/** GOV.UK pagination: first, last, the current page and its neighbours, with ellipses between. */
function pagination(result: SearchResult) {
  const last = Math.max(
    1,
    Math.ceil(Math.min(result.total, result.filters.q ? result.rankCap : result.total) / result.pageSize),
  );
  if (last === 1) return undefined;
  const page = result.page;
  const items: Record<string, unknown>[] = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - page) <= 1)
      items.push({ number: n, href: hrefFor(result, n), current: n === page });
    else if (items.at(-1)?.ellipsis !== true) items.push({ ellipsis: true });
  }
  return {
    previous: page > 1 ? { href: hrefFor(result, page - 1) } : undefined,
    next: page < last ? { href: hrefFor(result, page + 1) } : undefined,
    items,
  };
}

const checkboxItems = (
  counts: FacetCount[],
  selected: readonly (string | number)[],
  label: (v: string) => string,
) =>
  counts.map((c) => ({
    value: c.value,
    text: `${label(c.value)} (${c.count})`,
    checked: selected.map(String).includes(c.value),
  }));

/** What the search page shows for a result: filters with counts, results, pagination. */
export function searchPageContext(result: SearchResult, _query: Record<string, unknown>) {
  const f = result.filters;
  const first = result.total ? (result.page - 1) * result.pageSize + 1 : 0;
  return {
    values: { q: f.q },
    items: result.items,
    total: result.total,
    first,
    lastShown: first ? first + result.items.length - 1 : 0,
    capped: Boolean(f.q) && result.total > result.rankCap,
    rankCap: result.rankCap,
    pagination: pagination(result),
    anyFilter: FILTERS.some((k) => f[k].length > 0),
    facets: {
      year: checkboxItems(result.facets.year, f.year, (v) => v),
      area: checkboxItems(result.facets.area, f.area, (v) => v),
      type: checkboxItems(
        result.facets.type,
        f.type,
        (v) => REVIEW_TYPE_LABELS[v as keyof typeof REVIEW_TYPE_LABELS] ?? v,
      ),
      ageBand: checkboxItems(
        result.facets.ageBand,
        f.ageBand,
        (v) => AGE_BAND_LABELS[v as keyof typeof AGE_BAND_LABELS] ?? v,
      ),
      theme: result.facets.theme.map((t) => ({
        value: t.value,
        text: `${t.name} (${t.count})`,
        checked: f.theme.includes(t.value),
      })),
    },
  };
}
