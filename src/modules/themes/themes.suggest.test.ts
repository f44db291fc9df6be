import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { highlight, suggestThemes, type ThemeKeywords } from './themes.suggest.ts';

// A few of the seeded themes (migration 022), enough to test the rules on realistic passages.
const THEMES: ThemeKeywords[] = [
  {
    code: 'unsafe-sleep',
    keywords: [
      'co-sleeping',
      'co-sleep',
      'bed sharing',
      'shared a bed',
      'sofa',
      'safer sleep',
      'cot',
      'SUDI',
    ],
  },
  { code: 'parental-alcohol', keywords: ['alcohol', 'drinking', 'drunk', 'intoxicated'] },
  {
    code: 'fathers-male-carers',
    keywords: ['father', 'fathers', 'male carer', 'partner', 'stepfather', 'invisible men'],
  },
  { code: 'disrupted-routines', keywords: ['holiday', 'party', 'staying with', 'change in routine'] },
];

const codes = (text: string) => suggestThemes(text, THEMES).map((s) => s.code);

describe('suggestThemes', () => {
  it('suggests unsafe sleep and alcohol for a co-sleeping death after drinking, with the passages', () => {
    const text =
      'Baby R died at eleven weeks. On the night of the incident Baby R was co-sleeping with her mother on the sofa. ' +
      'Her mother had been drinking alcohol at a family party earlier that evening.\n' +
      'The health visitor had given safer sleep advice at the new birth visit.';
    const suggestions = suggestThemes(text, THEMES);
    const sleep = suggestions.find((s) => s.code === 'unsafe-sleep');
    assert.ok(sleep, 'unsafe sleep is suggested');
    assert.equal(sleep.passages.length, 2);
    assert.equal(
      sleep.passages[0]!.text,
      'On the night of the incident Baby R was co-sleeping with her mother on the sofa.',
    );
    assert.deepEqual(
      sleep.passages[0]!.marks.map((m) => text.slice(m.start, m.end)),
      ['co-sleeping', 'sofa'],
    );
    assert.equal(
      sleep.passages[1]!.text,
      'The health visitor had given safer sleep advice at the new birth visit.',
    );
    const alcohol = suggestions.find((s) => s.code === 'parental-alcohol');
    assert.deepEqual(
      alcohol?.passages.map((p) => p.text),
      ['Her mother had been drinking alcohol at a family party earlier that evening.'],
    );
  });

  it('matches hyphen and space variants, in any case', () => {
    assert.deepEqual(codes('The parents were CO SLEEPING with the baby.'), ['unsafe-sleep']);
    assert.deepEqual(codes('Mother said co-sleeping happened only once.'), ['unsafe-sleep']);
    assert.deepEqual(codes('Cosleeping was never discussed with the family.'), ['unsafe-sleep']);
  });

  it('matches whole words only', () => {
    // "sofabed", "alcoholics anonymous"-style words and "cottage" contain keywords but are not them.
    assert.deepEqual(codes('The family moved to a cottage with a sofabed. Cotton sheets were bought.'), []);
  });

  it('does not suggest a theme from one weak keyword', () => {
    assert.deepEqual(codes('A cot was provided by the charity.'), []);
    assert.deepEqual(codes('The family went on holiday in August.'), []);
  });

  it('does not read "partner agencies" as being about fathers', () => {
    assert.deepEqual(
      codes(
        'Partner agencies attended the strategy meeting. All partner agencies agreed the plan, and the partner organisations shared records.',
      ),
      [],
    );
    assert.deepEqual(
      codes("The mother's partner was not seen. No professional asked about the baby's father."),
      ['fathers-male-carers'],
    );
  });

  it('reads a sentence wrapped across lines as one passage, and a heading as its own', () => {
    const text =
      'Findings\nThe health visitor gave advice about co-sleeping to the mother, but the\n' +
      'father was at work and nobody asked whether the baby slept on the sofa with him.\n\nNext paragraph.';
    const [sleep] = suggestThemes(text, THEMES);
    assert.equal(
      sleep?.passages[0]?.text,
      'The health visitor gave advice about co-sleeping to the mother, but the\nfather was at work and nobody asked whether the baby slept on the sofa with him.',
    );
  });

  it('counts keywords in the terms of reference as weak evidence', () => {
    const scope =
      'The terms of reference asked the review to consider the involvement of fathers and male carers, and safer sleep.';
    assert.deepEqual(codes(scope), []);
    assert.deepEqual(codes(`${scope} The baby was co-sleeping with his father.`), ['unsafe-sleep']);
  });

  it('keeps at most three passages, the ones with most evidence', () => {
    const text = Array.from({ length: 6 }, (_, i) => `Visit ${i + 1}: the father was not seen.`).join(' ');
    const [fathers] = suggestThemes(text, THEMES);
    assert.equal(fathers?.matches, 6);
    assert.equal(fathers?.passages.length, 3);
  });

  it('ranks the strongest theme first', () => {
    const text =
      'The baby was found on the sofa after bed sharing with both parents. Both parents had been drinking. Alcohol was found in the home.';
    assert.deepEqual(codes(text), ['unsafe-sleep', 'parental-alcohol']);
  });

  it('cuts a very long sentence to a window around the keyword', () => {
    const text = `${'word '.repeat(200)}the mother was intoxicated and drunk ${'word '.repeat(200)}`;
    const [alcohol] = suggestThemes(text, THEMES);
    assert.ok(alcohol!.passages[0]!.text.length <= 400);
    assert.match(alcohol!.passages[0]!.text, /intoxicated and drunk/);
  });

  it('splits a passage into plain and highlighted parts', () => {
    const text = 'He said the father was drunk.';
    const [p] = suggestThemes(text, [{ code: 'x', keywords: ['father', 'drunk'] }])[0]!.passages;
    assert.deepEqual(highlight(p!), [
      { text: 'He said the ', mark: false },
      { text: 'father', mark: true },
      { text: ' was ', mark: false },
      { text: 'drunk', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('gives passages and marks that are exact ranges of the text (property)', () => {
    const words = fc.constantFrom(
      'co-sleeping',
      'co sleeping',
      'sofa',
      'father',
      'partner agencies',
      'drunk',
      'alcohol',
      'the',
      'baby',
      '.',
      '. ',
      '\n',
      'ü',
      '  ',
      'party',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(words, fc.string()), { maxLength: 200 }), (parts) => {
        const text = parts.join(' ');
        for (const s of suggestThemes(text, THEMES)) {
          assert.ok(s.passages.length <= 3);
          for (const p of s.passages) {
            assert.equal(p.text, text.slice(p.start, p.end));
            for (const m of p.marks) assert.ok(p.start <= m.start && m.end <= p.end && m.start < m.end);
            assert.equal(
              highlight(p)
                .map((h) => h.text)
                .join(''),
              p.text,
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
