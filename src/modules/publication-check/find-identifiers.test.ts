import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findIdentifiers, findIdentifiersAsync } from './find-identifiers.ts';
import { loadCorpus } from './corpus-score.ts';
import type { FindingKind } from './publication-check.types.ts';

const found = (text: string, allowed?: string[]) =>
  findIdentifiers(text, { allowed }).map((f) => [f.kind, f.text] as [FindingKind, string]);
const kinds = (text: string) => findIdentifiers(text).map((f) => f.kind);

describe('findIdentifiers', () => {
  it('finds names of family members and professionals, with or without a title', () => {
    assert.deepEqual(found("Mother's partner, Darren Hollis, moved in."), [['name', 'Darren Hollis']]);
    assert.deepEqual(found('The health visitor, Mrs Priya Shah, visited.'), [['name', 'Mrs Priya Shah']]);
    assert.deepEqual(found('She was seen by Dr Okafor at the practice.'), [['name', 'Dr Okafor']]);
    assert.deepEqual(found('Detective Sergeant Amy Lowe attended.'), [
      ['name', 'Detective Sergeant Amy Lowe'],
    ]);
    assert.deepEqual(found('Her partner at the time, Marek Zielinski, worked nights.'), [
      ['name', 'Marek Zielinski'],
    ]);
  });

  it('does not report anonymised references, role titles, organisations, months or weekdays', () => {
    for (const text of [
      'Child K lived with Mother and Father; Baby M and Sibling 1 stayed with Adult A.',
      'The Named GP and the Designated Nurse met the Detective Sergeant.',
      "Children's Social Care told the Integrated Care Board and the NHS trust.",
      'Brookvale Safeguarding Children Partnership commissioned the review in March 2021.',
      'On Tuesday the health visitor called. Ward 4 was full. Ms A declined.',
      'Her partner (Mr Y) was known to the police; Mother (Ms Z) was 22.',
      'The GP practice and the primary school shared information.',
      "Mother was referred to Turning Point and to Women's Aid; both parents were from Eastern Europe.",
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('tells dates of birth from other full dates, and leaves month and year alone', () => {
    assert.deepEqual(found('Child R was born on 3 March 2019.'), [['date-of-birth', '3 March 2019']]);
    assert.deepEqual(found('DOB 03/03/2019'), [['date-of-birth', '03/03/2019']]);
    assert.deepEqual(found('Date of birth: 2019-10-04.'), [['date-of-birth', '2019-10-04']]);
    assert.deepEqual(found('He was aged 7 weeks on 12 May 2020.'), [['date', '12 May 2020']]);
    assert.deepEqual(found('The meeting on the 4th of June 2018 was cancelled.'), [
      ['date', '4th of June 2018'],
    ]);
    assert.deepEqual(found('She died in March 2019, aged 7 weeks.'), []);
  });

  it('finds full UK postcodes only', () => {
    assert.deepEqual(found('They lived in BV4 7QT.'), [['postcode', 'BV4 7QT']]);
    assert.deepEqual(found('Postcode SW1A1AA.'), [['postcode', 'SW1A1AA']]);
    assert.deepEqual(found('The BV4 area and the A34 road.'), []);
  });

  it('finds NHS numbers only when the check digit is right', () => {
    assert.deepEqual(found('NHS number 999 526 0182.'), [['nhs-number', '999 526 0182']]);
    assert.deepEqual(found('NHS 999-016-6137'), [['nhs-number', '999-016-6137']]);
    assert.deepEqual(found('NHS 9991590838'), [['nhs-number', '9991590838']]);
    assert.deepEqual(found('Reference 999 526 0183.'), []);
  });

  it('finds UK phone numbers and e-mail addresses', () => {
    assert.deepEqual(found('Call 01632 960 418 or 07700 900123.'), [
      ['phone', '01632 960 418'],
      ['phone', '07700 900123'],
    ]);
    assert.deepEqual(found('Mobile +44 7700 900 845.'), [['phone', '+44 7700 900 845']]);
    assert.deepEqual(found('Write to k.ambrose@example.gov.uk today.'), [
      ['email', 'k.ambrose@example.gov.uk'],
    ]);
    assert.deepEqual(found('Police reference 2021/044817; 14 contacts.'), []);
  });

  it('finds addresses with a house number and a street type, and flats', () => {
    assert.deepEqual(found('They lived at 27 Larkspur Avenue.'), [['address', '27 Larkspur Avenue']]);
    assert.deepEqual(found('Letters went to Flat 6, Mercer Court.'), [['address', 'Flat 6, Mercer Court']]);
    assert.deepEqual(found('At Flat 3, Rowan House, 14 Elm Road.'), [
      ['address', 'Flat 3, Rowan House, 14 Elm Road'],
    ]);
    assert.deepEqual(found('She had 3 Children in care.'), []);
  });

  it('finds schools and small named places, not generic ones', () => {
    assert.deepEqual(found("He went to St Mary's Primary School."), [['school', "St Mary's Primary School"]]);
    assert.deepEqual(found('She was at Oakfield Academy and Little Acorns Day Nursery.'), [
      ['school', 'Oakfield Academy'],
      ['school', 'Little Acorns Day Nursery'],
    ]);
    assert.deepEqual(found("They met at Wyndham Children's Centre and the Red Lion."), [
      ['place', "Wyndham Children's Centre"],
      ['place', 'the Red Lion'],
    ]);
    assert.deepEqual(found('He was moved to Rowan Ward from Linden Surgery.'), [
      ['place', 'Rowan Ward'],
      ['place', 'Linden Surgery'],
    ]);
    assert.deepEqual(found('The primary school and the GP surgery; Ward 4; the Family Court.'), []);
  });

  it('keeps the more specific kind where findings overlap', () => {
    assert.deepEqual(kinds('Sibling 1 attended Kelly Primary School.'), ['school']);
    assert.deepEqual(kinds('They lived at 12 Kelly Road.'), ['address']);
  });

  it('never reports allowed strings or anything inside them', () => {
    assert.deepEqual(found('Jordan Price met Child Q.', ['jordan price']), []);
    assert.deepEqual(found('Oakfield Academy wrote.', ['Oakfield Academy']), []);
    assert.deepEqual(found('Oakfield Academy wrote to Sarah.', ['Oakfield Academy']), [['name', 'Sarah']]);
  });

  it('gives offsets within the text whose slice is the finding, for any text', () => {
    const pieces = fc.constantFrom(
      'Darren Hollis',
      ' born on 3 March 2019',
      ' 999 526 0182',
      ' BV4 7QT',
      ' 07700 900123',
      ' a@b.co',
      ' 14 Elm Road',
      ' Oakfield Academy',
      ' Mrs ',
      '. ',
      '\n',
      '😀',
      'é',
    );
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.array(fc.oneof(pieces, fc.string({ maxLength: 12 })), { maxLength: 25 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let previous = -1;
        for (const f of findIdentifiers(text)) {
          assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length);
          assert.equal(text.slice(f.start, f.end), f.text);
          assert.ok(f.start >= previous, 'sorted by start');
          previous = f.start;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same in its asynchronous form, which the server uses', async () => {
    const text = loadCorpus()
      .map((p) => p.text)
      .join('\n\n');
    assert.deepEqual(
      await findIdentifiersAsync(text, { allowed: ['Child Q'] }),
      findIdentifiers(text, { allowed: ['Child Q'] }),
    );
  });
});
