import nlp from 'compromise';
import type { Finding } from './publication-check.types.ts';
import { GIVEN_NAMES, isNotNameWord } from './word-lists.ts';

/*
 * Names of people: compromise's person recogniser (offline, its lexicon ships in the package) plus
 * rules of our own. Limits: a surname alone with no title ("Hollis said...") is found only when
 * compromise recognises it; names written in lower case are not found; an unusual given name is
 * found only after a title, a role word or a relation word ("her partner, Zeb Okoro").
 */

const NAME_WORD = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?`;
const NAME_WORD_RE = /^\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?$/u;
const TITLES =
  'Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Rev|Reverend|PC|DC|DS|DI|PCSO|Sgt|Sergeant|Constable|Inspector|Detective Sergeant|Detective Constable|Detective Inspector|Nurse|Sister|Midwife|Councillor|Cllr';
const TITLE_WORDS: ReadonlySet<string> = new Set(TITLES.split(/[|\s]/));
const TITLE_RE = new RegExp(
  String.raw`\b(?:${TITLES})\.?\s+(?:[A-Z]\.?\s+)?(${NAME_WORD}(?:\s+${NAME_WORD})?)`,
  'gu',
);
const RELATIONS =
  'mother|father|stepfather|stepmother|step-father|step-mother|grandmother|grandfather|partner|boyfriend|girlfriend|ex-partner|sister|brother|half-brother|half-sister|aunt|uncle|cousin|husband|wife|son|daughter|carer|neighbour|friend|lodger|visitor|worker|midwife|GP|nurse|paediatrician|consultant|teacher|headteacher|officer|manager|practitioner|registrar|psychiatrist|psychologist|therapist|reviewer|author|chair|lead|called|named|known as';
const RELATION_RE = new RegExp(
  String.raw`\b(?:${RELATIONS})(?:['’]s)?,?\s+(?:(?:was|is)\s+)?(?:\((?=[A-Z]))?(${NAME_WORD}(?:\s+${NAME_WORD})?)`,
  'gu',
);
const GIVEN_RE = new RegExp(String.raw`(?<![\p{L}])(${NAME_WORD})(?:\s+(${NAME_WORD}))?`, 'gu');
/**
 * Two or three capitalised words, none of them a role, organisation or place word, after a comma or
 * bracket or a word that comes before a person ("told", "by", "with"), are read as a name ("... her
 * partner at the time, Marek Zielinski, worked ..."). After "to", "from" or "at" they are more often
 * a town or an organisation ("moved from Milton Keynes", "referred to Turning Point"), so not there.
 */
const PAIR_RE = new RegExp(
  String.raw`(?<=\b(?:told|asked|contacted|visited|saw|met|phoned|rang|by|with|and|called|named|said|says|of|for)\s+|[,;:(]\s+)(${NAME_WORD}(?:\s+(?:Ó|Ní|Mac|Mc|de|van|von|da|di|al|el)?\s*${NAME_WORD}){1,2})(?![\p{L}'’]|\s+\p{Lu})`,
  'gu',
);
const ANONYMISED =
  /^(?:Child|Baby|Sibling|Young|Adult|Mother|Father|Parent|Carer|Person|Infant|Subject|Ms|Mr|Mrs)\s+[A-Z0-9]{1,2}$/;

/** Words that make a capitalised pair a place or an organisation rather than a person. */
const PLACE_WORDS =
  /^(?:Road|Street|Avenue|Close|Lane|Drive|Way|Court|Crescent|Terrace|Gardens|Place|Grove|Row|Walk|Mews|Square|Hill|View|Rise|Parade|Green|Park|Vale|Estate|House|Centre|Hub|Surgery|Pharmacy|Academy|College|Nursery|University|Infirmary|Foundation|Association|Limited|Ltd|Group|Company|Church|Chapel|Mosque|Temple|Library|Hostel|Refuge|Home|Homes|Prison|Station|Airport|Hotel|Inn|Arms|Tavern|Bridge|Castle|Street's|Borough|County|City|Town|Village|Valley|Heath|Common|Wood|Fields|Meadows|Farm)$/;

type Span = { start: number; end: number };

/** Keeps the leading name words that are not role, organisation or calendar words. */
function nameWords(text: string, start: number): Span | null {
  const words = [...text.matchAll(/\S+/g)];
  let end = -1;
  for (const w of words) {
    const word = w[0].replace(/[,.;:!?)]+$/, '').replace(/['’]s$/, '');
    if (!NAME_WORD_RE.test(word) || isNotNameWord(word)) break;
    end = w.index + word.length;
  }
  return end > 0 ? { start, end: start + end } : null;
}

function fromRegex(text: string, re: RegExp, whole = false): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(re)) {
    const inner = m[1]!;
    const innerStart = m.index + m[0].lastIndexOf(inner);
    const span = nameWords(inner, innerStart);
    if (!span) continue;
    out.push(whole ? { start: m.index, end: span.end } : span);
  }
  return out;
}

function capitalisedPairs(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(PAIR_RE)) {
    const words = m[1]!.split(/\s+/).filter((w) => NAME_WORD_RE.test(w));
    if (words.length < 2 || words.some((w) => isNotNameWord(w) || PLACE_WORDS.test(w))) continue;
    out.push({ start: m.index, end: m.index + m[1]!.length });
  }
  return out;
}

function givenNames(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(GIVEN_RE)) {
    if (!GIVEN_NAMES.has(m[1]!)) continue;
    if (ANONYMISED.test(m[0])) continue;
    const span = nameWords(m[0], m.index);
    if (span) out.push(span);
    else out.push({ start: m.index, end: m.index + m[1]!.length });
  }
  return out;
}

const CHUNK = 20_000;
const SENTENCE_RE = /[^.!?\n]*(?:[.!?]+|\n+|$)/g;
const CAPITALISED_RE = /\p{Lu}[\p{Ll}'’]+/gu;

/** Whether a sentence has a capitalised word that is not a role, organisation or calendar word. */
function mayNameSomeone(sentence: string): boolean {
  for (const m of sentence.matchAll(CAPITALISED_RE)) if (!isNotNameWord(m[0])) return true;
  return false;
}

/**
 * The stretches of text worth giving to compromise: runs of sentences that hold a capitalised word
 * other than role, organisation and calendar words. compromise is by far the slowest step (about
 * 10–20 s per MB here), and an anonymised report is mostly sentences like "Child K was seen by the
 * Named GP", which it can skip.
 */
function candidateStretches(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(SENTENCE_RE)) {
    if (m[0].length === 0) continue;
    if (!mayNameSomeone(m[0])) continue;
    const end = m.index + m[0].length;
    const last = out[out.length - 1];
    if (last && last.end === m.index && end - last.start <= CHUNK) last.end = end;
    else out.push({ start: m.index, end });
  }
  return out;
}

/** Stretches joined into batches of about CHUNK characters: each compromise call has a fixed cost. */
function batches(text: string, stretches: Span[]) {
  const out: { joined: string; pieces: { at: number; from: number; length: number }[] }[] = [];
  let current: (typeof out)[number] | undefined;
  for (const s of stretches) {
    if (!current || current.joined.length > CHUNK) out.push((current = { joined: '', pieces: [] }));
    if (current.joined) current.joined += '\n\n';
    current.pieces.push({ at: current.joined.length, from: s.start, length: s.end - s.start });
    current.joined += text.slice(s.start, s.end);
  }
  return out;
}

/** compromise's people, run only on the stretches that may name someone; offsets mapped back. */
type Batch = ReturnType<typeof batches>[number];

function compromisePeople(text: string, { joined, pieces }: Batch): Span[] {
  const out: Span[] = [];
  for (const p of nlp(joined).people().json({ offset: true }) as { offset: Span & { length: number } }[]) {
    const piece = pieces.findLast((x) => x.at <= p.offset.start);
    if (!piece) continue;
    const within = p.offset.start - piece.at;
    const length = Math.min(p.offset.length, piece.length - within);
    if (length <= 0) continue;
    const start = piece.from + within;
    const raw = text.slice(start, start + length);
    if (ANONYMISED.test(raw.trim().replace(/[,.;:!?]+$/, ''))) continue;
    // compromise keeps titles and role words ("Mrs Priya Shah", "Sergeant Amy Lowe"): skip them.
    let skip = 0;
    for (const w of raw.matchAll(/\S+/g)) {
      const word = w[0].replace(/[.,]+$/, '');
      if (!TITLE_WORDS.has(word) && !isNotNameWord(word)) break;
      skip = w.index + w[0].length;
    }
    const rest = raw.slice(skip);
    const lead = rest.length - rest.trimStart().length;
    const span = nameWords(rest.trimStart(), start + skip + lead);
    if (!span) continue;
    const word = text.slice(span.start, span.end);
    // One capitalised word at the start of a sentence is only a name if it is a known given name.
    const sentenceStart = /(?:^|[.!?:]\s+|\n\s*)$/.test(text.slice(Math.max(0, span.start - 3), span.start));
    if (!word.includes(' ') && sentenceStart && !GIVEN_NAMES.has(word)) continue;
    out.push(span);
  }
  return out;
}

/** Every name-like span; overlapping ones are merged by the caller. */
export function nameFindings(text: string): Finding[] {
  const people = batches(text, candidateStretches(text)).flatMap((b) => compromisePeople(text, b));
  return toFindings(text, [...ruleSpans(text), ...people]);
}

/**
 * The same, giving the event loop back between compromise's batches, so one long report (a few
 * seconds of work) does not stall every other request to the server.
 */
export async function nameFindingsAsync(text: string): Promise<Finding[]> {
  const people: Span[] = [];
  for (const b of batches(text, candidateStretches(text))) {
    people.push(...compromisePeople(text, b));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return toFindings(text, [...ruleSpans(text), ...people]);
}

const ruleSpans = (text: string) => [
  ...fromRegex(text, TITLE_RE, true),
  ...fromRegex(text, RELATION_RE),
  ...givenNames(text),
  ...capitalisedPairs(text),
];
const toFindings = (text: string, spans: Span[]): Finding[] =>
  spans.map((s) => ({ kind: 'name', text: text.slice(s.start, s.end), start: s.start, end: s.end }));
