import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, londonToday } from '../../platform/clock.ts';
import {
  looksLikeAName,
  RecommendationCreateSchema,
  ReviewCreateSchema,
  ReviewUpdateSchema,
  subjectRefSchema,
} from './reviews.schema.ts';

const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const LOWER = [...'abcdefghijklmnopqrstuvwxyz'];
const PSEUDONYM_WORDS = ['child', 'baby', 'sibling', 'young'];

/** A capitalised word of letters, like "Smith": a capital, then one or more lower-case letters. */
const capitalisedWord = fc
  .tuple(
    fc.constantFrom(...UPPER),
    fc.string({ unit: fc.constantFrom(...LOWER), minLength: 1, maxLength: 9 }),
  )
  .map(([first, rest]) => first + rest)
  .filter((w) => !PSEUDONYM_WORDS.includes(w.toLowerCase()));

/** Any word without spaces: initials, codes, names, punctuation. */
const anyWord = fc.string({ minLength: 1, maxLength: 8 }).filter((w) => !/\s/.test(w));

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.map(String).join('.'));

describe("looksLikeAName (the child's reference rule)", () => {
  for (const name of ['John Smith', "Mary-Jane O'Neil", 'Smith, John', 'Ayesha Khan Begum', 'Zoë Łukasz']) {
    it(`refuses "${name}" as a forename and surname`, () => {
      assert.equal(looksLikeAName(name), true);
      assert.equal(subjectRefSchema.safeParse(name).success, false);
    });
  }

  for (const ref of [
    'NS',
    'C0',
    'Child Q',
    'Baby T',
    'Sibling A',
    'Young Person X',
    'A B',
    'child q',
    'Jo',
  ]) {
    it(`accepts "${ref}" as initials, a code or a pseudonym`, () => {
      assert.equal(looksLikeAName(ref), false);
      assert.equal(subjectRefSchema.safeParse(ref).success, true);
    });
  }

  it('accepts any reference that contains the word Child or Baby', () => {
    fc.assert(
      fc.property(
        fc.array(anyWord, { maxLength: 4 }),
        fc.constantFrom('Child', 'Baby', 'child', 'BABY'),
        fc.nat(),
        (words, keyword, at) => {
          const all = [...words];
          all.splice(at % (words.length + 1), 0, keyword);
          assert.equal(looksLikeAName(all.join(' ')), false, all.join(' '));
        },
      ),
    );
  });

  it('refuses any two capitalised words of letters that are not Child, Baby, Sibling or Young', () => {
    fc.assert(
      fc.property(capitalisedWord, capitalisedWord, fc.constantFrom(' ', '  ', ', '), (a, b, gap) => {
        const value = `${a}${gap}${b}`;
        assert.equal(looksLikeAName(value), true, value);
        if (value.length <= 20) assert.equal(subjectRefSchema.safeParse(value).success, false, value);
      }),
    );
  });

  it('accepts any single word and any run of capital-letter initials', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UPPER), { minLength: 1, maxLength: 5 }), (initials) => {
        assert.equal(looksLikeAName(initials.join(' ')), false);
        assert.equal(looksLikeAName(initials.join('')), false);
      }),
    );
    fc.assert(fc.property(capitalisedWord, (word) => assert.equal(looksLikeAName(word), false)));
  });
});

describe('subjectRefSchema', () => {
  it('accepts 20 characters and refuses 21', () => {
    assert.equal(subjectRefSchema.safeParse('A'.repeat(20)).success, true);
    const result = subjectRefSchema.safeParse('A'.repeat(21));
    assert.equal(result.success, false);
    assert.match(result.error!.issues[0]!.message, /20 characters or fewer/);
  });

  it('trims surrounding spaces and refuses a blank reference', () => {
    assert.equal(subjectRefSchema.parse('  NS  '), 'NS');
    const blank = subjectRefSchema.safeParse('   ');
    assert.equal(blank.success, false);
    assert.equal(blank.error!.issues[0]!.message, "Enter the child's reference");
  });
});

describe('ReviewCreateSchema', () => {
  const valid = {
    type: 'rapid-review',
    subjectRef: 'NS',
    incidentDate: '2026-01-05',
    awareDate: '2026-01-06',
  };

  it('accepts the four required fields alone', () => {
    assert.equal(ReviewCreateSchema.safeParse(valid).success, true);
  });

  it('names each of the four required fields when they are missing', () => {
    const result = ReviewCreateSchema.safeParse({});
    assert.deepEqual(
      new Set(issuePaths(result)),
      new Set(['type', 'subjectRef', 'incidentDate', 'awareDate']),
    );
  });

  it('refuses an incident date or aware date in the future, and accepts today', () => {
    const tomorrow = addDays(londonToday(), 1);
    assert.deepEqual(issuePaths(ReviewCreateSchema.safeParse({ ...valid, incidentDate: tomorrow })), [
      'incidentDate',
    ]);
    assert.deepEqual(issuePaths(ReviewCreateSchema.safeParse({ ...valid, awareDate: tomorrow })), [
      'awareDate',
    ]);
    assert.equal(ReviewCreateSchema.safeParse({ ...valid, awareDate: londonToday() }).success, true);
  });

  it('refuses dates that do not exist on the calendar', () => {
    for (const incidentDate of ['2025-02-30', '5/1/2026']) {
      const paths = issuePaths(ReviewCreateSchema.safeParse({ ...valid, incidentDate }));
      assert.deepEqual(new Set(paths), new Set(['incidentDate']), incidentDate);
    }
  });

  it('refuses a type outside the contract and fields it does not know', () => {
    assert.deepEqual(issuePaths(ReviewCreateSchema.safeParse({ ...valid, type: 'inquiry' })), ['type']);
    assert.equal(ReviewCreateSchema.safeParse({ ...valid, status: 'closed' }).success, false);
  });
});

describe('ReviewUpdateSchema', () => {
  it('needs only the version', () => {
    assert.equal(ReviewUpdateSchema.safeParse({ version: 3 }).success, true);
    assert.deepEqual(issuePaths(ReviewUpdateSchema.safeParse({})), ['version']);
  });

  it('lets the optional dates be cleared with null but not the required ones', () => {
    assert.equal(ReviewUpdateSchema.safeParse({ version: 1, lcsprDecisionDate: null }).success, true);
    assert.deepEqual(issuePaths(ReviewUpdateSchema.safeParse({ version: 1, incidentDate: null })), [
      'incidentDate',
    ]);
  });

  it('refuses a status outside the workflow', () => {
    assert.deepEqual(issuePaths(ReviewUpdateSchema.safeParse({ version: 1, status: 'archived' })), [
      'status',
    ]);
  });
});

describe('RecommendationCreateSchema', () => {
  it('requires text and takes learning point ids only as UUIDs', () => {
    assert.deepEqual(issuePaths(RecommendationCreateSchema.safeParse({ text: '  ' })), ['text']);
    const bad = RecommendationCreateSchema.safeParse({ text: 'Do it', learningPointIds: ['lp-1'] });
    assert.deepEqual(issuePaths(bad), ['learningPointIds.0']);
  });
});
