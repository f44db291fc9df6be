import { renderChart, type Chart } from '../../platform/views/charts.ts';
import type { Theme, ThemePairCount, ThemeYearCount, YearRange } from './themes.types.ts';

interface Analysis {
  range: YearRange;
  byYear: ThemeYearCount[];
  coOccurrence: ThemePairCount[];
  themes: Theme[];
}

interface Cell {
  count: number;
  href: string | null;
}

/** The address of the reviews behind a number, keeping the page's year range. */
function reviewsHref(
  range: YearRange,
  f: { theme: string; with?: string; year?: number | 'unknown' },
): string {
  const q = new URLSearchParams({ theme: f.theme });
  if (f.with) q.set('with', f.with);
  if (f.year !== undefined) q.set('year', String(f.year));
  if (range.fromYear !== undefined) q.set('fromYear', String(range.fromYear));
  if (range.toYear !== undefined) q.set('toYear', String(range.toYear));
  return `/library/themes/reviews?${q}`;
}

const cell = (count: number, href: string): Cell => ({ count, href: count > 0 ? href : null });

/** Themes with at least one confirmed review, in the taxonomy's order. */
function themesCounted(a: Analysis): Theme[] {
  const counted = new Set(a.byYear.map((c) => c.theme));
  return a.themes.filter((t) => counted.has(t.code));
}

/** The two tables of the analysis page, every number a link to the reviews behind it. */
export function analysisTables(a: Analysis) {
  const themes = themesCounted(a);
  const years = [...new Set(a.byYear.map((c) => c.year).filter((y): y is number => y !== null))].sort();
  const unknownYear = a.byYear.some((c) => c.year === null);
  const count = (theme: string, year: number | null) =>
    a.byYear.find((c) => c.theme === theme && c.year === year)?.reviews ?? 0;
  const byYear = themes.map((t) => ({
    name: t.name,
    active: t.active,
    years: years.map((y) => cell(count(t.code, y), reviewsHref(a.range, { theme: t.code, year: y }))),
    unknown: cell(count(t.code, null), reviewsHref(a.range, { theme: t.code, year: 'unknown' })),
    total: cell(
      a.byYear.filter((c) => c.theme === t.code).reduce((n, c) => n + c.reviews, 0),
      reviewsHref(a.range, { theme: t.code }),
    ),
  }));
  const pair = (x: string, y: string) =>
    a.coOccurrence.find((p) => (p.theme === x && p.with === y) || (p.theme === y && p.with === x))?.reviews ??
    0;
  const coOccurrence = themes.map((t) => ({
    name: t.name,
    cells: themes.map((o) =>
      o.code === t.code
        ? null
        : cell(pair(t.code, o.code), reviewsHref(a.range, { theme: t.code, with: o.code })),
    ),
  }));
  return {
    themeNames: themes.map((t) => t.name),
    years,
    unknownYear,
    byYear,
    coOccurrence,
    hasPairs: a.coOccurrence.length > 0,
  };
}

/** A grid of themes by year, each square shaded by the number of reviews and labelled with it. */
export function themesByYearChart(a: Analysis): Promise<Chart> {
  const themes = themesCounted(a);
  const names = new Map(themes.map((t) => [t.code, t.name]));
  const data = a.byYear
    .filter((c) => c.year !== null)
    .map((c) => ({ theme: names.get(c.theme) ?? c.theme, year: String(c.year), reviews: c.reviews }));
  const max = Math.max(1, ...data.map((d) => d.reviews));
  const totals = themes.map((t) => ({
    theme: t.name,
    reviews: a.byYear.filter((c) => c.theme === t.code).reduce((n, c) => n + c.reviews, 0),
  }));
  const top = [...totals].sort((x, y) => y.reviews - x.reviews).slice(0, 3);
  return renderChart({
    title: 'Reviews with each confirmed theme, by year',
    description: top.length
      ? `Each square is a theme in a year, darker for more reviews. Most often confirmed: ${top
          .map((t) => `${t.theme} (${t.reviews})`)
          .join(', ')}.`
      : 'No themes have been confirmed yet.',
    spec: {
      width: { step: 56 },
      height: { step: 34 },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'Year', axis: { labelAngle: 0 } },
        y: {
          field: 'theme',
          type: 'nominal',
          title: null,
          sort: themes.map((t) => t.name),
        },
      },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            color: {
              field: 'reviews',
              type: 'quantitative',
              title: 'Reviews',
              scale: { domain: [0, max], range: ['#d2e2f1', '#003078'] },
              legend: null,
            },
          },
        },
        {
          mark: { type: 'text' },
          encoding: {
            text: { field: 'reviews', type: 'quantitative' },
            color: {
              condition: { test: `datum.reviews > ${max / 2}`, value: '#ffffff' },
              value: '#0b0c0c',
            },
          },
        },
      ],
    },
    data,
    tableData: totals,
    columns: [
      { field: 'theme', title: 'Theme' },
      { field: 'reviews', title: 'Reviews in these years', numeric: true },
    ],
    emptyText: 'No themes have been confirmed for reviews in these years yet.',
  });
}
