import { yearOf, type BankHoliday, type EffectiveHoliday } from './bank-holiday-file.ts';

export interface StoredImport {
  id: number;
  years: number[];
  holidays: BankHoliday[];
}

/**
 * The bank holidays in force: for each year, the dates of the latest import that covers it;
 * every other year keeps the shipped file's dates. So an import replaces the provisional dates
 * of the years it covers and never loses a year it leaves out (an older import's, or the file's).
 */
export function mergeHolidays(shipped: BankHoliday[], imports: StoredImport[]): EffectiveHoliday[] {
  const latestFor = new Map<number, number>();
  for (const imp of [...imports].sort((a, b) => a.id - b.id)) {
    for (const year of imp.years) latestFor.set(year, imp.id);
  }
  const out: EffectiveHoliday[] = shipped
    .filter((h) => !latestFor.has(yearOf(h.date)))
    .map((h) => ({ ...h, source: 'shipped' }));
  for (const imp of imports) {
    for (const h of imp.holidays) {
      if (latestFor.get(yearOf(h.date)) === imp.id) out.push({ ...h, source: 'imported' });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

export interface ImportSummary {
  /** Years the file covers whose dates were already known (and are now replaced). */
  yearsReplaced: number[];
  /** Years no earlier source knew. */
  yearsAdded: number[];
  added: { date: string; title: string }[];
  removed: { date: string; title: string }[];
  /** Dates already there that the file confirms as published (no longer provisional). */
  confirmed: number;
}

/** What importing `incoming` changes in the calendar in force, and what it refuses to change. */
export function planImport(
  current: EffectiveHoliday[],
  incoming: BankHoliday[],
): { summary: ImportSummary; years: number[]; errors: string[] } {
  const years = [...new Set(incoming.map((h) => yearOf(h.date)))].sort((a, b) => a - b);
  const covered = new Set(years);
  const before = current.filter((h) => covered.has(yearOf(h.date)));
  const knownYears = new Set(before.map((h) => yearOf(h.date)));
  const incomingDates = new Map(incoming.map((h) => [h.date, h]));
  const beforeDates = new Map(before.map((h) => [h.date, h]));
  // Published dates are never replaced by projections: only the government's file may change them.
  const errors = years
    .filter((y) => before.some((h) => yearOf(h.date) === y && !h.provisional))
    .filter((y) => incoming.some((h) => yearOf(h.date) === y && h.provisional))
    .map((y) => `${y} already has published dates: the file must not replace them with provisional ones`);
  const pick = ({ date, title }: BankHoliday) => ({ date, title });
  return {
    years,
    errors,
    summary: {
      yearsReplaced: years.filter((y) => knownYears.has(y)),
      yearsAdded: years.filter((y) => !knownYears.has(y)),
      added: incoming.filter((h) => !beforeDates.has(h.date)).map(pick),
      removed: before.filter((h) => !incomingDates.has(h.date)).map(pick),
      confirmed: before.filter((h) => h.provisional && incomingDates.get(h.date)?.provisional === false)
        .length,
    },
  };
}

/** The effective holidays grouped by year, newest year first, for the settings page. */
export function byYear(holidays: EffectiveHoliday[]): { year: number; holidays: EffectiveHoliday[] }[] {
  const groups = new Map<number, EffectiveHoliday[]>();
  for (const h of holidays) groups.set(yearOf(h.date), [...(groups.get(yearOf(h.date)) ?? []), h]);
  return [...groups].sort((a, b) => b[0] - a[0]).map(([year, list]) => ({ year, holidays: list }));
}
