import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Person } from './people.types.ts';
import { changeErrors, changesOf } from './person-changes.ts';

const today = '2026-11-26';
const person = (p: Partial<Person>): Person => ({
  id: 'p',
  familyId: 'f',
  relationship: 'baby',
  nhsNumber: null,
  givenName: 'Baby',
  familyName: 'Testfamily',
  dateOfBirth: null,
  expectedDeliveryDate: null,
  motherId: 'm',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...p,
});
const paths = (before: Person, data: Record<string, unknown>) =>
  changeErrors(before, changesOf(before, { version: 1, ...data }), today).map((e) => e.path);

describe('the rules for correcting a person', () => {
  it('keeps only the fields sent that differ from the record', () => {
    const before = person({ nhsNumber: '9990000107' });
    assert.deepEqual(changesOf(before, { version: 1, givenName: 'Baby', nhsNumber: null, familyName: 'X' }), {
      nhsNumber: null,
      familyName: 'X',
    });
  });

  it('records a birth on an unborn baby, then refuses to move its expected date', () => {
    const unborn = person({ expectedDeliveryDate: '2026-12-20' });
    assert.deepEqual(paths(unborn, { dateOfBirth: '2026-11-25' }), []);
    const born = person({ expectedDeliveryDate: '2026-12-20', dateOfBirth: '2026-11-25' });
    assert.deepEqual(paths(born, { expectedDeliveryDate: '2026-12-21' }), ['expectedDeliveryDate']);
    assert.deepEqual(
      paths(born, { expectedDeliveryDate: null }),
      ['expectedDeliveryDate'],
      'clearing the history is refused too',
    );
    assert.deepEqual(paths(born, { expectedDeliveryDate: '2026-12-20' }), [], 'the same date is no change');
  });

  it('keeps an expected date within 10 months, and only on a baby linked to the mother', () => {
    const unborn = person({ expectedDeliveryDate: '2026-12-20' });
    assert.deepEqual(paths(unborn, { expectedDeliveryDate: '2028-01-01' }), ['expectedDeliveryDate']);
    assert.deepEqual(paths(unborn, { relationship: 'sibling' }), ['expectedDeliveryDate']);
    const adult = person({ relationship: 'mother', motherId: null, dateOfBirth: '1990-01-01' });
    assert.deepEqual(paths(adult, { dateOfBirth: null, expectedDeliveryDate: '2026-12-20' }), [
      'expectedDeliveryDate',
    ]);
  });

  it('lets a name be corrected on an unborn record that does not meet today’s rules', () => {
    const legacy = person({ expectedDeliveryDate: '2020-01-01', motherId: null });
    assert.deepEqual(paths(legacy, { givenName: 'Baby A' }), []);
  });
});
