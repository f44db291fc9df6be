/**
 * Suggests safeguarding themes for a review from its text: pure, no database. A theme is suggested
 * when its keywords are found often enough, with the passages (sentences) that mention them, so a
 * person can judge the suggestion in context before confirming or rejecting it.
 */

export interface ThemeKeywords {
  code: string;
  keywords: readonly string[];
}

/** A character range of the review's text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** A sentence (or part of a long one) that supports a suggestion, with the keywords found in it. */
export interface Passage extends Span {
  text: string;
  marks: Span[];
}

export interface Suggestion {
  code: string;
  score: number;
  /** How many times the theme's keywords were found. */
  matches: number;
  passages: Passage[];
}

/** Below this a theme is not suggested: one plain keyword found once is not enough. */
export const SUGGEST_AT = 2;
/** Passages kept per theme. */
export const MAX_PASSAGES = 3;
/** A passage longer than this is cut to a window around its keywords. */
const MAX_PASSAGE_CHARS = 400;

/**
 * Keywords too common in other senses to count fully ("a cot" in a list of baby equipment, "party"
 * in "third party", "challenge" in a budget): each counts half.
 */
const WEAK = new Set(['cot', 'party', 'holiday', 'challenge', 'referral', 'staying with', 'binge']);

/**
 * Phrases in which a keyword means something else. "Partner agencies" are the safeguarding
 * partners, not a mother's partner; a keyword found inside one of these does not count.
 */
const EXCLUDED = [
  'partner agency',
  'partner agencies',
  'partner organisation',
  'partner organisations',
  'partner organization',
  'partner organizations',
  'safeguarding partner',
  'safeguarding partners',
  'statutory partner',
  'statutory partners',
  'third party',
  'third parties',
  'working party',
];

const SEPARATOR = '[\\s\\u00a0\\u2010-\\u2015-]';

/**
 * A keyword as a pattern: case-insensitive, on word boundaries, a space matching any run of white
 * space or a hyphen ("bed sharing", "bed-sharing") and a hyphen also matching nothing
 * ("co-sleeping", "co sleeping", "cosleeping").
 */
export function keywordPattern(keyword: string): string | undefined {
  const words = keyword
    .trim()
    .split(/(\s+|-+)/)
    .filter((p) => p !== '');
  if (!words.some((w) => /[\p{L}\p{N}]/u.test(w))) return undefined;
  const body = words
    .map((w) =>
      /^\s+$/.test(w)
        ? `${SEPARATOR}+`
        : /^-+$/.test(w)
          ? `${SEPARATOR}*`
          : w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`;
}

const normalise = (keyword: string) =>
  keyword
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, ' ');
const isStrong = (keyword: string) => normalise(keyword).includes(' ') && !WEAK.has(normalise(keyword));
const weightOf = (keyword: string) => (WEAK.has(normalise(keyword)) ? 0.5 : isStrong(keyword) ? 2 : 1);

function spansOf(text: string, pattern: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(new RegExp(pattern, 'giu')))
    if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

let excludedCache: { text: string; spans: Span[] } | undefined;
function excludedSpans(text: string): Span[] {
  if (excludedCache?.text === text) return excludedCache.spans;
  const spans = EXCLUDED.flatMap((p) => spansOf(text, keywordPattern(p)!));
  excludedCache = { text, spans };
  return spans;
}

interface Match extends Span {
  weight: number;
}

/** Every keyword match of one theme, the longest first where two overlap, none inside an excluded phrase. */
function matchesOf(text: string, keywords: readonly string[]): Match[] {
  const excluded = excludedSpans(text);
  const all: Match[] = [];
  for (const keyword of new Set(keywords)) {
    const pattern = keywordPattern(keyword);
    if (!pattern) continue;
    for (const s of spansOf(text, pattern)) {
      if (excluded.some((x) => x.start <= s.start && s.end <= x.end)) continue;
      all.push({ ...s, weight: weightOf(keyword) });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const m of all) if (!kept.length || m.start >= kept.at(-1)!.end) kept.push(m);
  for (const m of kept) {
    const s = sentenceAround(text, m);
    if (SCOPE.test(text.slice(s.start, s.end))) m.weight = Math.min(m.weight, SCOPE_WEIGHT);
  }
  return kept;
}

/**
 * Whether the line break at `i` ends a sentence-like unit: a blank line follows or comes before, or
 * the line is short (a heading). Text extracted from PDFs wraps sentences across lines, so a
 * single break inside a paragraph is not an end.
 */
function isBoundaryNewline(text: string, i: number): boolean {
  let j = i + 1;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
  if (j >= text.length || text[j] === '\n') return true;
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  const line = text.slice(lineStart, i).trim();
  return line.length === 0 || line.length < HEADING_CHARS;
}
/** A line shorter than this ends at its line break: a heading, not a wrapped sentence. */
const HEADING_CHARS = 60;

/** The sentence around a match: from after the previous full stop (or paragraph break) to the next. */
function sentenceAround(text: string, span: Span): Span {
  let start = span.start;
  while (start > 0) {
    const c = text[start - 1]!;
    if (c === '\n' && isBoundaryNewline(text, start - 1)) break;
    if (/\s/.test(c) && start >= 2 && /[.!?]/.test(text[start - 2]!)) break;
    start--;
  }
  let end = span.end;
  while (end < text.length) {
    const c = text[end]!;
    if (c === '\n' && isBoundaryNewline(text, end)) break;
    end++;
    if (/[.!?]/.test(c) && (end === text.length || /\s/.test(text[end]!))) break;
  }
  // Long sentences (or text without full stops) are cut to a window around the keyword.
  if (end - start > MAX_PASSAGE_CHARS) {
    const half = Math.floor((MAX_PASSAGE_CHARS - (span.end - span.start)) / 2);
    start = Math.max(start, span.start - half);
    end = Math.min(end, span.end + half);
  }
  while (start < span.start && /\s/.test(text[start]!)) start++;
  while (end > span.end && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/**
 * A review's terms of reference list the themes it was asked to consider, in every review alike:
 * keywords found there are weak evidence that the review is about them.
 */
const SCOPE = /terms of reference|lines of enquiry|lines of inquiry/i;
const SCOPE_WEIGHT = 0.25;

function passagesOf(text: string, matches: Match[]): Passage[] {
  const passages: (Passage & { weight: number })[] = [];
  for (const m of matches) {
    const last = passages.at(-1);
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      last.marks.push({ start: m.start, end: m.end });
      last.weight += m.weight;
      continue;
    }
    const s = sentenceAround(text, m);
    passages.push({ ...s, text: '', marks: [{ start: m.start, end: m.end }], weight: m.weight });
  }
  // The passages with the most evidence, then shown in the order they come in the review.
  return passages
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.weight - a.p.weight || a.i - b.i)
    .slice(0, MAX_PASSAGES)
    .sort((a, b) => a.p.start - b.p.start)
    .map(({ p }) => ({ start: p.start, end: p.end, text: text.slice(p.start, p.end), marks: p.marks }));
}

/** The themes the text supports, strongest first, each with up to three passages. */
export function suggestThemes(text: string, themes: readonly ThemeKeywords[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const theme of themes) {
    const matches = matchesOf(text, theme.keywords);
    const score = matches.reduce((n, m) => n + m.weight, 0);
    if (score < SUGGEST_AT) continue;
    out.push({
      code: theme.code,
      score: Math.round(score * 10) / 10,
      matches: matches.length,
      passages: passagesOf(text, matches),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}

/** A passage cut into plain text and highlighted keywords, for a template to escape and mark. */
export function highlight(passage: Passage): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = passage.start;
  for (const m of [...passage.marks].sort((a, b) => a.start - b.start)) {
    const start = Math.max(m.start, at);
    const end = Math.min(m.end, passage.end);
    if (end <= start) continue;
    if (start > at)
      parts.push({ text: passage.text.slice(at - passage.start, start - passage.start), mark: false });
    parts.push({ text: passage.text.slice(start - passage.start, end - passage.start), mark: true });
    at = end;
  }
  if (at < passage.end) parts.push({ text: passage.text.slice(at - passage.start), mark: false });
  return parts;
}
