import nlp from 'compromise';
import type { Finding } from './publication-check.types.ts';
import { GIVEN_NAMES, isNotNameWord } from './word-lists.ts';

/*
 * Names of people: compromise's person recogniser (offline, its lexicon ships in the package) plus
 * rules of our own. Limits: a surname alone with no title ("Hollis said...") is found only when
 * compromise recognises it; names written in lower case are not found; an unusual given name is
 * found only after a title, a role word or a relation word ("her partner, Zeb Okoro").
 */

const NAME_WORD = String.raw`[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?`;
const TITLES =
  'Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Rev|Reverend|PC|DC|DS|DI|PCSO|Sgt|Sergeant|Constable|Inspector|Detective Sergeant|Detective Constable|Detective Inspector|Nurse|Sister|Midwife|Councillor|Cllr';
const TITLE_WORDS: ReadonlySet<string> = new Set(TITLES.split(/[|\s]/));
const TITLE_RE = new RegExp(
  String.raw`\b(?:${TITLES})\.?\s+(?:[A-Z]\.?\s+)?(${NAME_WORD}(?:\s+${NAME_WORD})?)`,
  'g',
);
const RELATIONS =
  "mother|father|stepfather|stepmother|step-father|step-mother|grandmother|grandfather|partner|boyfriend|girlfriend|ex-partner|sister|brother|half-brother|half-sister|aunt|uncle|cousin|husband|wife|son|daughter|carer|neighbour|friend|lodger|visitor|worker|midwife|GP|nurse|paediatrician|consultant|teacher|headteacher|officer|manager|practitioner|registrar|psychiatrist|psychologist|therapist|reviewer|author|chair|lead|called|named|known as";
const RELATION_RE = new RegExp(
  String.raw`\b(?:${RELATIONS})(?:['’]s)?,?\s+(?:(?:was|is)\s+)?(?:\((?=[A-Z]))?(${NAME_WORD}(?:\s+${NAME_WORD})?)`,
  'g',
);
const GIVEN_RE = new RegExp(String.raw`\b(${NAME_WORD})(?:\s+(${NAME_WORD}))?`, 'g');
const ANONYMISED = /^(?:Child|Baby|Sibling|Young|Adult|Mother|Father|Parent|Carer|Person|Infant|Subject|Ms|Mr|Mrs)\s+[A-Z0-9]{1,2}$/;

type Span = { start: number; end: number };

/** Keeps the leading name words that are not role, organisation or calendar words. */
function nameWords(text: string, start: number): Span | null {
  const words = [...text.matchAll(/\S+/g)];
  let end = -1;
  for (const w of words) {
    const word = w[0].replace(/[,.;:!?)]+$/, '').replace(/['’]s$/, '');
    if (!/^[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?$/.test(word) || isNotNameWord(word)) break;
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

/** compromise's people, run paragraph by paragraph (it is slow on very long inputs). */
function compromisePeople(text: string): Span[] {
  const out: Span[] = [];
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + CHUNK);
    if (to < text.length) {
      const cut = text.lastIndexOf('\n', to);
      to = cut > from ? cut + 1 : to;
    }
    const chunk = text.slice(from, to);
    for (const p of nlp(chunk).people().json({ offset: true }) as { offset: Span & { length: number } }[]) {
      const start = p.offset.start;
      const raw = chunk.slice(start, start + p.offset.length);
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
      const span = nameWords(rest.trimStart(), from + start + skip + lead);
      if (!span) continue;
      const word = text.slice(span.start, span.end);
      // One capitalised word at the start of a sentence is only a name if it is a known given name.
      const sentenceStart = /(?:^|[.!?:]\s+|\n\s*)$/.test(text.slice(Math.max(0, span.start - 3), span.start));
      if (!word.includes(' ') && sentenceStart && !GIVEN_NAMES.has(word)) continue;
      out.push(span);
    }
    from = to;
  }
  return out;
}

/** Every name-like span; overlapping ones are merged by the caller. */
export function nameFindings(text: string): Finding[] {
  const spans = [
    ...fromRegex(text, TITLE_RE, true),
    ...fromRegex(text, RELATION_RE),
    ...givenNames(text),
    ...compromisePeople(text),
  ];
  return spans.map((s) => ({ kind: 'name', text: text.slice(s.start, s.end), start: s.start, end: s.end }));
}
