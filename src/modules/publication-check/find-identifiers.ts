import { nameFindings, nameFindingsAsync } from './identifier-names.ts';
import { patternFindings } from './identifier-patterns.ts';
import type { Finding, FindingKind, FindOptions } from './publication-check.types.ts';

/** When two findings overlap, the more specific kind wins (a school's name holds a given name). */
const SPECIFICITY: Record<FindingKind, number> = {
  'nhs-number': 10,
  email: 9,
  postcode: 9,
  phone: 8,
  'date-of-birth': 8,
  date: 7,
  address: 7,
  school: 6,
  place: 5,
  name: 4,
};

/** Overlapping findings of one kind become one finding covering both. */
function unionByKind(text: string, findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  const sorted = [...findings].sort((a, b) => a.kind.localeCompare(b.kind) || a.start - b.start);
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && last.kind === f.kind && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      last.text = text.slice(last.start, last.end);
    } else out.push({ ...f });
  }
  return out;
}

/** Spans of the allowed strings in the text, found without regard to case. */
function allowedSpans(text: string, allowed: string[]) {
  const lower = text.toLowerCase();
  const spans: { start: number; end: number }[] = [];
  for (const a of allowed) {
    const needle = a.trim().toLowerCase();
    if (!needle) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
      spans.push({ start: i, end: i + needle.length });
    }
  }
  return spans;
}

/**
 * Finds what in a report could identify a child or family, sorted by where it starts. Anonymised
 * references ("Child K", "Mother", "Adult A") and role titles are not reported; `allowed` strings
 * (and anything wholly inside one) are never reported.
 */
export function findIdentifiers(text: string, options: FindOptions = {}): Finding[] {
  return resolve(text, [...patternFindings(text), ...nameFindings(text)], options);
}

/** `findIdentifiers` for the server: yields to other requests while it works through a long text. */
export async function findIdentifiersAsync(text: string, options: FindOptions = {}): Promise<Finding[]> {
  return resolve(text, [...patternFindings(text), ...(await nameFindingsAsync(text))], options);
}

function resolve(text: string, found: Finding[], options: FindOptions): Finding[] {
  const candidates = unionByKind(text, found);
  candidates.sort((a, b) => SPECIFICITY[b.kind] - SPECIFICITY[a.kind] || b.end - b.start - (a.end - a.start));
  // Characters already claimed by a kept finding: linear in the text, where pairwise checks were quadratic.
  const claimed = new Uint8Array(text.length);
  const kept: Finding[] = [];
  for (const c of candidates) {
    if (claimed.subarray(c.start, c.end).includes(1)) continue;
    claimed.fill(1, c.start, c.end);
    kept.push(c);
  }
  const allowed = allowedSpans(text, options.allowed ?? []);
  const allowedTexts = new Set((options.allowed ?? []).map((a) => a.trim().toLowerCase()));
  return kept
    .filter(
      (f) =>
        !allowedTexts.has(f.text.toLowerCase()) && !allowed.some((a) => a.start <= f.start && f.end <= a.end),
    )
    .sort((a, b) => a.start - b.start);
}
