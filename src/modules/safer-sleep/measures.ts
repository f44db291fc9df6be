import type { MeasureCounts } from './safer-sleep.repository.ts';
import { SMALL_NUMBER, type MeasureRow, type Share } from './safer-sleep.types.ts';

/** Measure codes a recommendation could be linked to. */
export const SAFER_SLEEP_MEASURES = {
  'safer-sleep-antenatal': 'Antenatal contacts with a safer-sleep assessment',
  'safer-sleep-postnatal': 'Postnatal contacts with a safer-sleep assessment',
  'safer-sleep-father-advised': 'Safer-sleep assessments where a father or partner was also advised',
} as const;

/**
 * `count` of `total` as a whole percentage. Fewer than SMALL_NUMBER in the total is hidden, so a
 * month's figures cannot point to a family.
 */
export function share(count: number, total: number): Share {
  if (total < SMALL_NUMBER) return { count: null, total: null, percent: null, suppressed: true };
  return { count, total, percent: Math.round((count * 100) / total), suppressed: false };
}

/** The first day of the month `months - 1` months before today's month: `months` months in all. */
export function firstDayOf(months: number, today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export function measureRows(counts: MeasureCounts[]): MeasureRow[] {
  return counts.map((c) => ({
    month: c.month,
    organisationId: c.organisationId,
    organisationName: c.organisationName,
    antenatal: share(c.antenatalAssessed, c.antenatal),
    postnatal: share(c.postnatalAssessed, c.postnatal),
    fatherOrPartnerAdvised: share(c.fatherOrPartnerAdvised, c.assessments),
  }));
}
