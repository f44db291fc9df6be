/**
 * Writes reference-data/bank-holidays.json in the format of the official GOV.UK feed
 * (https://www.gov.uk/bank-holidays.json), England and Wales only.
 *
 * Years up to OFFICIAL_UNTIL are the dates as published, including substitute days and one-off
 * holidays (moved early May 2020, the Platinum Jubilee, the State Funeral, the Coronation). Later
 * years are projected by the standing rules and marked provisional in `notes`; importing a newer
 * official file replaces them. Run: npx tsx scripts/make-bank-holidays.ts
 */
import { writeFileSync } from 'node:fs';

type Event = { title: string; date: string; notes: string; bunting: boolean };

const NEW_YEAR = 'New Year’s Day';
const GOOD_FRIDAY = 'Good Friday';
const EASTER_MONDAY = 'Easter Monday';
const EARLY_MAY = 'Early May bank holiday';
const SPRING = 'Spring bank holiday';
const SUMMER = 'Summer bank holiday';
const CHRISTMAS = 'Christmas Day';
const BOXING = 'Boxing Day';
const SUB = 'Substitute day';

/** As published for England and Wales, 2018 to 2027. */
const OFFICIAL: [string, string, string?][] = [
  ['2018-01-01', NEW_YEAR],
  ['2018-03-30', GOOD_FRIDAY],
  ['2018-04-02', EASTER_MONDAY],
  ['2018-05-07', EARLY_MAY],
  ['2018-05-28', SPRING],
  ['2018-08-27', SUMMER],
  ['2018-12-25', CHRISTMAS],
  ['2018-12-26', BOXING],
  ['2019-01-01', NEW_YEAR],
  ['2019-04-19', GOOD_FRIDAY],
  ['2019-04-22', EASTER_MONDAY],
  ['2019-05-06', EARLY_MAY],
  ['2019-05-27', SPRING],
  ['2019-08-26', SUMMER],
  ['2019-12-25', CHRISTMAS],
  ['2019-12-26', BOXING],
  ['2020-01-01', NEW_YEAR],
  ['2020-04-10', GOOD_FRIDAY],
  ['2020-04-13', EASTER_MONDAY],
  ['2020-05-08', 'Early May bank holiday (VE day)'],
  ['2020-05-25', SPRING],
  ['2020-08-31', SUMMER],
  ['2020-12-25', CHRISTMAS],
  ['2020-12-28', BOXING, SUB],
  ['2021-01-01', NEW_YEAR],
  ['2021-04-02', GOOD_FRIDAY],
  ['2021-04-05', EASTER_MONDAY],
  ['2021-05-03', EARLY_MAY],
  ['2021-05-31', SPRING],
  ['2021-08-30', SUMMER],
  ['2021-12-27', CHRISTMAS, SUB],
  ['2021-12-28', BOXING, SUB],
  ['2022-01-03', NEW_YEAR, SUB],
  ['2022-04-15', GOOD_FRIDAY],
  ['2022-04-18', EASTER_MONDAY],
  ['2022-05-02', EARLY_MAY],
  ['2022-06-02', SPRING],
  ['2022-06-03', 'Platinum Jubilee bank holiday'],
  ['2022-08-29', SUMMER],
  ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
  ['2022-12-26', BOXING],
  ['2022-12-27', CHRISTMAS, SUB],
  ['2023-01-02', NEW_YEAR, SUB],
  ['2023-04-07', GOOD_FRIDAY],
  ['2023-04-10', EASTER_MONDAY],
  ['2023-05-01', EARLY_MAY],
  ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
  ['2023-05-29', SPRING],
  ['2023-08-28', SUMMER],
  ['2023-12-25', CHRISTMAS],
  ['2023-12-26', BOXING],
  ['2024-01-01', NEW_YEAR],
  ['2024-03-29', GOOD_FRIDAY],
  ['2024-04-01', EASTER_MONDAY],
  ['2024-05-06', EARLY_MAY],
  ['2024-05-27', SPRING],
  ['2024-08-26', SUMMER],
  ['2024-12-25', CHRISTMAS],
  ['2024-12-26', BOXING],
  ['2025-01-01', NEW_YEAR],
  ['2025-04-18', GOOD_FRIDAY],
  ['2025-04-21', EASTER_MONDAY],
  ['2025-05-05', EARLY_MAY],
  ['2025-05-26', SPRING],
  ['2025-08-25', SUMMER],
  ['2025-12-25', CHRISTMAS],
  ['2025-12-26', BOXING],
  ['2026-01-01', NEW_YEAR],
  ['2026-04-03', GOOD_FRIDAY],
  ['2026-04-06', EASTER_MONDAY],
  ['2026-05-04', EARLY_MAY],
  ['2026-05-25', SPRING],
  ['2026-08-31', SUMMER],
  ['2026-12-25', CHRISTMAS],
  ['2026-12-28', BOXING, SUB],
  ['2027-01-01', NEW_YEAR],
  ['2027-03-26', GOOD_FRIDAY],
  ['2027-03-29', EASTER_MONDAY],
  ['2027-05-03', EARLY_MAY],
  ['2027-05-31', SPRING],
  ['2027-08-30', SUMMER],
  ['2027-12-27', CHRISTMAS, SUB],
  ['2027-12-28', BOXING, SUB],
];
const OFFICIAL_UNTIL = 2027;
const PROVISIONAL_UNTIL = 2035;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): Date {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

const firstMonday = (y: number, m: number) => {
  let d = utc(y, m, 1);
  while (d.getUTCDay() !== 1) d = addDays(d, 1);
  return d;
};
const lastMonday = (y: number, m: number) => {
  let d = utc(y, m + 1, 1);
  do d = addDays(d, -1);
  while (d.getUTCDay() !== 1);
  return d;
};

/** The standing rules: fixed days move to the next free weekday when they fall at a weekend. */
function projected(year: number): [string, string, string?][] {
  const out: [string, string, string?][] = [];
  const taken = new Set<string>();
  const weekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const fixed = (d: Date, title: string) => {
    let day = d;
    let sub = false;
    while (weekend(day) || taken.has(iso(day))) {
      day = addDays(day, 1);
      sub = true;
    }
    taken.add(iso(day));
    out.push(sub ? [iso(day), title, SUB] : [iso(day), title]);
  };
  fixed(utc(year, 1, 1), NEW_YEAR);
  const easter = easterSunday(year);
  out.push([iso(addDays(easter, -2)), GOOD_FRIDAY], [iso(addDays(easter, 1)), EASTER_MONDAY]);
  out.push(
    [iso(firstMonday(year, 5)), EARLY_MAY],
    [iso(lastMonday(year, 5)), SPRING],
    [iso(lastMonday(year, 8)), SUMMER],
  );
  // Christmas first, so that Boxing Day's substitute comes after Christmas Day's.
  taken.add(iso(utc(year, 12, 26)));
  fixed(utc(year, 12, 25), CHRISTMAS);
  taken.delete(iso(utc(year, 12, 26)));
  fixed(utc(year, 12, 26), BOXING);
  return out;
}

const events: Event[] = [];
for (const [date, title, notes] of OFFICIAL)
  events.push({ title, date, notes: notes ?? '', bunting: !notes });
for (let year = OFFICIAL_UNTIL + 1; year <= PROVISIONAL_UNTIL; year++) {
  for (const [date, title, notes] of projected(year)) {
    events.push({ title, date, notes: `Provisional${notes ? `: ${notes}` : ''}`, bunting: !notes });
  }
}
events.sort((a, b) => a.date.localeCompare(b.date));

if (process.argv[1]?.endsWith('make-bank-holidays.ts')) {
  // The rules must reproduce every published year without one-off changes (2020 moved early May;
  // 2022 moved the spring holiday), so the provisional years can be trusted.
  for (let year = 2018; year <= OFFICIAL_UNTIL; year++) {
    if (year === 2020 || year === 2022) continue;
    const published = OFFICIAL.filter(([d, t]) => d.startsWith(`${year}`) && !/coronation/.test(t)).map(
      ([d]) => d,
    );
    const rules = projected(year).map(([d]) => d);
    if (published.join() !== rules.join())
      throw new Error(`The rules disagree with ${year}: ${published} / ${rules}`);
  }
  const feed = { 'england-and-wales': { division: 'england-and-wales', events } };
  writeFileSync(
    new URL('../reference-data/bank-holidays.json', import.meta.url),
    `${JSON.stringify(feed, null, 2)}\n`,
  );
  console.log(
    `Wrote ${events.length} bank holidays (official to ${OFFICIAL_UNTIL}, provisional to ${PROVISIONAL_UNTIL}).`,
  );
}
