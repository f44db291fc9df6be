import { isValidNhsNumber } from '../people/index.ts';
import type { Finding, FindingKind } from './publication-check.types.ts';
import { GENERIC_PLACE_WORDS, GIVEN_NAMES, MONTHS, isNotNameWord } from './word-lists.ts';

/*
 * Precise patterns for everything but names. Limits, by design:
 * - Dates need a day, a month and a year; "March 2019" alone is not identifying enough to report.
 *   A date is a date of birth only when "born", "DOB" or "date of birth" is close before it (same
 *   clause) or "was born" follows it.
 * - Postcodes must be in the full UK format in capitals ("BV1 2AB"); a district alone ("BV1") is fine.
 * - NHS numbers must pass the modulus 11 check, so a mistyped one is not reported.
 * - Addresses need a house number and a street type ("14 Elm Road"), or a flat in a named building.
 *   A street named without a number is reported as a place.
 * - Schools and places need a specific capitalised word before the type word ("Oakfield Academy");
 *   "the primary school" or "the GP surgery" is not a named place. Hospitals are large public
 *   organisations and are not reported; a named ward of one is.
 */

const find = (text: string, re: RegExp, kind: FindingKind, keep?: (m: RegExpExecArray) => boolean) => {
  const out: Finding[] = [];
  for (const m of text.matchAll(re)) {
    if (keep && !keep(m)) continue;
    out.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
};

const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
const MONTH = String.raw`(?:${MONTHS})\.?`;
const DATE_RE = new RegExp(
  [
    String.raw`\b${DAY}\s+(?:of\s+)?${MONTH},?\s+(?:19|20)\d{2}\b`,
    String.raw`\b${MONTH}\s+${DAY},?\s+(?:19|20)\d{2}\b`,
    String.raw`(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:(?:19|20)\d{2}|\d{2})(?![\d/-]|\.\d)`,
    String.raw`\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b`,
  ].join('|'),
  'g',
);
const BIRTH_BEFORE =
  /(?:\bborn\b|\bDOB\b|\bD\.O\.B\b\.?|\bdate of birth\b|\bbirth ?date\b|\bbirthday\b)[^.!?;]{0,70}$/i;
const BIRTH_AFTER = /^[^.!?;]{0,40}\b(?:was|were|is) born\b/i;

function dates(text: string): Finding[] {
  return find(text, DATE_RE, 'date').map((f) => {
    const before = text.slice(Math.max(0, f.start - 60), f.start);
    const after = text.slice(f.end, f.end + 50);
    return BIRTH_BEFORE.test(before) || BIRTH_AFTER.test(after) ? { ...f, kind: 'date-of-birth' } : f;
  });
}

const POSTCODE_RE = /\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/g;
const NHS_RE = /(?<![\d-])\d{3}([ -]?)\d{3}\1\d{4}(?![\d-])/g;
const EMAIL_RE = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const PHONE_RE = /(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)[1237][\d\s()-]{7,14}\d(?!\d)/g;

/** UK numbers: 0 then 9 or 10 more digits (01, 02, 03, 07), or +44 without the 0. */
function phones(text: string): Finding[] {
  const out: Finding[] = [];
  for (const f of find(text, PHONE_RE, 'phone')) {
    const wanted = f.text.startsWith('+44') ? 12 : 11;
    let digits = 0;
    let end = -1;
    for (let i = 0; i < f.text.length; i++) {
      if (!/\d/.test(f.text[i]!)) continue;
      digits++;
      // Some 01 area numbers have 9 digits after the 0: accept that length when the number ends there.
      if (digits === wanted || (digits === wanted - 1 && !/[\d\s()-]*\d/.test(f.text.slice(i + 1)))) {
        end = i + 1;
        if (digits === wanted) break;
      }
    }
    if (end > 0) out.push({ ...f, text: f.text.slice(0, end), end: f.start + end });
  }
  return out;
}

const CAP = String.raw`(?:St\.?|[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*)`;
const STREET_TYPES =
  'Road|Street|Avenue|Close|Lane|Drive|Way|Court|Crescent|Terrace|Gardens|Place|Grove|Row|Walk|Mews|Square|Hill|View|Rise|Parade|Green|Park|Vale|Wharf|Boulevard|Croft|Meadows|Fields';
const BUILDING_TYPES = 'House|Court|Lodge|Tower|Towers|Mansions|Buildings|Heights|Point';
const FLAT = String.raw`\b(?:Flat|Apartment|Apt\.?|Unit|Room)\s+\d{1,3}[A-Za-z]?,?\s+`;
const ADDRESS_RE = new RegExp(
  [
    String.raw`(?:${FLAT}(?:${CAP}\s+){1,3}(?:${BUILDING_TYPES})\b,?\s+)?\b\d{1,3}[A-Za-z]?,?\s+(?:${CAP}\s+){1,3}(?:${STREET_TYPES})\b`,
    String.raw`${FLAT}(?:${CAP}\s+){1,3}(?:${BUILDING_TYPES})\b`,
  ].join('|'),
  'g',
);

/** A capitalised run of 1–3 words then a type word; the run must hold a word that names something. */
function named(text: string, types: string, kind: FindingKind, extra = ''): Finding[] {
  const re = new RegExp(String.raw`\b((?:${CAP}\s+){1,4})(?:${types})\b${extra}`, 'g');
  const out: Finding[] = [];
  for (const m of text.matchAll(re)) {
    const prefix = m[1]!.split(/\s+/).filter(Boolean);
    let skip = 0;
    while (skip < prefix.length && GENERIC_PLACE_WORDS.has(prefix[skip]!.toLowerCase())) skip++;
    const rest = prefix.slice(skip);
    if (rest.length === 0 || rest.every((w) => GENERIC_PLACE_WORDS.has(w.toLowerCase()))) continue;
    // "Kelly Park" is more likely a person than a park.
    if (
      kind === 'place' &&
      GIVEN_NAMES.has(rest[0]!) &&
      /^(?:Park|Ward|Estate)$/.test(m[0].split(/\s+/).pop()!)
    )
      continue;
    if (/^(?:Child|Baby|Sibling|Adult)$/.test(rest[0]!)) continue;
    const offset = m[0].indexOf(rest[0]!, prefix.slice(0, skip).join(' ').length);
    const start = m.index + offset;
    out.push({ kind, text: m[0].slice(offset), start, end: m.index + m[0].length });
  }
  return out;
}

const SCHOOL_TYPES =
  "Primary School|Infant School|Infants' School|Junior School|Secondary School|High School|Grammar School|Pupil Referral Unit|Church of England School|C of E School|Academy|School|College|Day Nursery|Nursery|Pre-School|Preschool";
const PLACE_TYPES =
  "Children's Centre|Children’s Centre|Childrens Centre|Family Centre|Family Hub|Surgery|Medical Centre|Health Centre|Medical Practice|Community Centre|Leisure Centre|Youth Centre|Ward|Mosque|Chapel|Library|Hostel|Refuge|Care Home|Nursing Home|Estate|Recreation Ground|Playing Fields|Country Park|Park|Pharmacy|Chemist|Road|Street|Avenue|Lane|Drive|Crescent|Terrace|Gardens|Grove|Close|Row|Walk|Mews";
const PUB_RE =
  /\b[Tt]he (?:[A-Z][a-z'’]+ ){0,2}(?:Arms|Inn|Tavern|Lion|Crown|Swan|Bell|Plough|Anchor|Oak|Horse|Bull|Star|Fox|Hounds|Feathers|Globe|Ship|Wheatsheaf|Railway|Mitre|Castle|Unicorn|Boar|Hart|Stag|Sun|Moon|Harrow|Cross Keys|Lamb|Eagle|Chequers|Woolpack|Bridge)\b(?! Court| Prosecution)/g;

export function patternFindings(text: string): Finding[] {
  return [
    ...dates(text),
    ...find(text, POSTCODE_RE, 'postcode'),
    ...find(text, NHS_RE, 'nhs-number', (m) => isValidNhsNumber(m[0])),
    ...find(text, EMAIL_RE, 'email'),
    ...phones(text),
    ...find(text, ADDRESS_RE, 'address'),
    ...named(text, SCHOOL_TYPES, 'school', String.raw`(?!\s+of\b)`),
    ...named(text, PLACE_TYPES, 'place'),
    ...find(text, PUB_RE, 'place'),
  ];
}

export { isNotNameWord };
