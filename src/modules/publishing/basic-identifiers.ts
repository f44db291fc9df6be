import type { Finding, FindingKind } from './publishing.types.ts';

/*
 * TEMPORARY: a pattern-only publication check, replaced by publication-check at merge (its
 * `findIdentifiers` from src/modules/publication-check/index.ts has the same signature). It finds
 * e-mail addresses, NHS-like 10-digit numbers, UK postcodes, "Mr/Mrs/Ms X" names and
 * "dd Month yyyy" dates (a date of birth when "born" or "date of birth" comes just before it).
 */

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const PATTERNS: [FindingKind, RegExp][] = [
  ['email', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g],
  ['nhs-number', /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g],
  ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g],
  ['name', /\b(?:Mr|Mrs|Ms|Miss|Dr)\.? [A-Z][a-z]+(?: [A-Z][a-z]+)?/g],
  ['date', new RegExp(`\\b\\d{1,2} (?:${MONTHS}) \\d{4}\\b`, 'g')],
];
const BIRTH = /(?:born(?: on)?|date of birth:?|DOB:?)\s*$/i;

/** Where each allowed reference occurs in the text (case-insensitive). */
function allowedRanges(text: string, allowed: string[]): [number, number][] {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const ref of allowed.map((a) => a.trim().toLowerCase()).filter(Boolean)) {
    for (let at = lower.indexOf(ref); at >= 0; at = lower.indexOf(ref, at + 1))
      ranges.push([at, at + ref.length]);
  }
  return ranges;
}

export function findBasicIdentifiers(text: string, options: { allowed?: string[] } = {}): Finding[] {
  const allowed = allowedRanges(text, options.allowed ?? []);
  const found: Finding[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (allowed.some(([a, b]) => a <= start && end <= b)) continue;
      const isBirth = kind === 'date' && BIRTH.test(text.slice(Math.max(0, start - 30), start));
      found.push({ kind: isBirth ? 'date-of-birth' : kind, text: match[0], start, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  // One finding per stretch of text: the first (longest) one wins.
  const kept: Finding[] = [];
  for (const f of found) if (!kept.length || f.start >= kept[kept.length - 1]!.end) kept.push(f);
  return kept;
}
