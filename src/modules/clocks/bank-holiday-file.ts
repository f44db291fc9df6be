import { ValidationFailed } from '../../platform/errors.ts';

/** One bank holiday of England and Wales, as Lantern keeps it. */
export interface BankHoliday {
  date: string;
  title: string;
  notes: string;
  bunting: boolean;
  /** Projected by the standing rules, not yet published by the government. */
  provisional: boolean;
}

/** Where each effective date came from: the file shipped with Lantern or an administrator's import. */
export interface EffectiveHoliday extends BankHoliday {
  source: 'shipped' | 'imported';
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** England and Wales have had at least 8 bank holidays every year since 1978: fewer means a partial year. */
export const MIN_HOLIDAYS_A_YEAR = 8;
const MAX_MESSAGES = 5;
const FORMAT = 'the format of https://www.gov.uk/bank-holidays.json';

export const yearOf = (date: string) => Number(date.slice(0, 4));
export const isProvisionalNote = (notes: string) => notes.trim().toLowerCase().startsWith('provisional');

function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const fail = (messages: string[]): never => {
  const shown = messages.slice(0, MAX_MESSAGES);
  if (messages.length > MAX_MESSAGES) shown.push(`and ${messages.length - MAX_MESSAGES} more problems`);
  throw new ValidationFailed(shown.map((message) => ({ path: 'file', message })));
};

/**
 * Reads a bank-holidays file in GOV.UK's format (only "england-and-wales" is used). Throws
 * `ValidationFailed` on the field `file` with messages that say what is wrong and where.
 */
export function parseBankHolidayFile(content: Buffer | string): BankHoliday[] {
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  if (size === 0) fail(['The file is empty']);
  if (size > MAX_FILE_BYTES) fail(['The file must be 5 MB or smaller']);
  let feed: unknown;
  try {
    feed = JSON.parse(content.toString().replace(/^\uFEFF/, ''));
  } catch {
    return fail([`The file is not JSON: it must be in ${FORMAT}`]);
  }
  const events = (feed as { 'england-and-wales'?: { events?: unknown } } | null)?.['england-and-wales']
    ?.events;
  if (!Array.isArray(events) || events.length === 0) {
    return fail([`The file has no “england-and-wales” events: it must be in ${FORMAT}`]);
  }
  const messages: string[] = [];
  const holidays: BankHoliday[] = [];
  const seen = new Set<string>();
  events.forEach((raw: unknown, index) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const where = `Event ${index + 1}`;
    const title = typeof e.title === 'string' ? e.title.trim() : '';
    if (!title) messages.push(`${where} has no title`);
    if (!isRealDate(e.date)) {
      messages.push(`${where}${title ? ` (${title})` : ''} has no real date written YYYY-MM-DD`);
      return;
    }
    if (yearOf(e.date) < 1990 || yearOf(e.date) > 2100)
      messages.push(`${where} (${e.date}) is outside the years 1990 to 2100`);
    if (seen.has(e.date)) messages.push(`${e.date} appears more than once`);
    seen.add(e.date);
    const notes = typeof e.notes === 'string' ? e.notes : '';
    holidays.push({
      date: e.date,
      title,
      notes,
      bunting: e.bunting === true,
      provisional: isProvisionalNote(notes),
    });
  });
  if (!messages.length) messages.push(...partialYears(holidays));
  if (messages.length) fail(messages);
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

/** A year with too few dates would silently remove the rest of that year's bank holidays. */
function partialYears(holidays: BankHoliday[]): string[] {
  const counts = new Map<number, number>();
  for (const h of holidays) counts.set(yearOf(h.date), (counts.get(yearOf(h.date)) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n < MIN_HOLIDAYS_A_YEAR)
    .map(
      ([year, n]) =>
        `${year} has only ${n} bank holiday${n === 1 ? '' : 's'}: England and Wales have at least ` +
        `${MIN_HOLIDAYS_A_YEAR} a year, so the file must hold every date of each year it covers`,
    );
}
