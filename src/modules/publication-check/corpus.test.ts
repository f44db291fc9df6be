import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCorpus, scoreCorpus } from './corpus-score.ts';

/**
 * The quality bar, run over the labelled corpus (test/fixtures/publication-corpus.json),
 * so a change that loses recall or precision fails CI. Matching: same kind, overlapping spans.
 */
const RECALL_TARGETS: Record<string, number> = {
  name: 0.95,
  'date-of-birth': 0.95,
  postcode: 0.95,
  'nhs-number': 0.95,
};
const PRECISION_TARGET = 0.8;

describe('publication check corpus', () => {
  const corpus = loadCorpus();
  const scores = scoreCorpus(corpus);

  it('has enough labelled passages of every kind, and passages with nothing to find', () => {
    assert.ok(corpus.length >= 220);
    assert.ok(corpus.filter((p) => p.expected.length === 0).length >= 50);
    for (const s of scores) assert.ok(s.expected >= 15, `${s.kind}: ${s.expected} examples`);
  });

  it('meets the recall targets for names, dates of birth, postcodes and NHS numbers', () => {
    for (const s of scores) {
      const target = RECALL_TARGETS[s.kind];
      if (target) assert.ok(s.recall >= target, `${s.kind} recall ${s.recall.toFixed(3)} < ${target}`);
    }
  });

  it('has precision of at least 0.8 for every kind', () => {
    for (const s of scores) {
      assert.ok(s.precision >= PRECISION_TARGET, `${s.kind} precision ${s.precision.toFixed(3)}`);
    }
  });
});
