import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findIdentifiers } from './find-identifiers.ts';
import { FINDING_KINDS, type Finding, type FindingKind } from './publication-check.types.ts';

export interface CorpusPassage {
  id: number;
  text: string;
  expected: { kind: FindingKind; text: string }[];
}
export interface KindScore {
  kind: FindingKind;
  expected: number;
  found: number;
  truePositives: number;
  matchedExpected: number;
  precision: number;
  recall: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The labelled corpus of synthetic review passages (test/fixtures/publication-corpus.json). */
export function loadCorpus(): CorpusPassage[] {
  const file = path.join(root, 'test/fixtures/publication-corpus.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { passages: CorpusPassage[] }).passages;
}

/** Where each expected finding sits in its passage (the n-th repeat of a text is its n-th occurrence). */
function expectedSpans(p: CorpusPassage): Finding[] {
  let from = 0;
  return p.expected.map((e) => {
    const start = p.text.indexOf(e.text, from);
    if (start < 0) throw new Error(`Passage ${p.id}: "${e.text}" is not in its text`);
    from = start + e.text.length;
    return { ...e, start, end: from };
  });
}

const overlaps = (a: Finding, b: Finding) => a.kind === b.kind && a.start < b.end && b.start < a.end;

/**
 * Precision and recall per kind. A finding matches an expected one when they are of the same kind
 * and their spans overlap (so "Mrs Priya Shah" found as "Priya Shah" still counts).
 */
export function scoreCorpus(passages: CorpusPassage[]): KindScore[] {
  const scores = new Map(
    FINDING_KINDS.map((kind) => [
      kind,
      { kind, expected: 0, found: 0, truePositives: 0, matchedExpected: 0 },
    ]),
  );
  for (const p of passages) {
    const expected = expectedSpans(p);
    const found = findIdentifiers(p.text);
    for (const e of expected) {
      const s = scores.get(e.kind)!;
      s.expected++;
      if (found.some((f) => overlaps(f, e))) s.matchedExpected++;
    }
    for (const f of found) {
      const s = scores.get(f.kind)!;
      s.found++;
      if (expected.some((e) => overlaps(f, e))) s.truePositives++;
    }
  }
  return [...scores.values()].map((s) => ({
    ...s,
    precision: s.found === 0 ? 1 : s.truePositives / s.found,
    recall: s.expected === 0 ? 1 : s.matchedExpected / s.expected,
  }));
}

/** Every miss and false alarm, for improving the detector. */
export function corpusErrors(passages: CorpusPassage[]) {
  const errors: string[] = [];
  for (const p of passages) {
    const expected = expectedSpans(p);
    const found = findIdentifiers(p.text);
    for (const e of expected)
      if (!found.some((f) => overlaps(f, e))) errors.push(`#${p.id} missed ${e.kind} "${e.text}"`);
    for (const f of found)
      if (!expected.some((e) => overlaps(f, e))) errors.push(`#${p.id} extra ${f.kind} "${f.text}"`);
  }
  return errors;
}
