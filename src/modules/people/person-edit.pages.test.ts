import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { dateParts } from '../../platform/http/forms.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import type { Person } from './people.types.ts';

describe('correcting a person’s details and finding people, in pages', () => {
  let t: TestContext;
  let midwife: Awaited<ReturnType<typeof signInAsBrowser>>;
  let record: (input: object) => Promise<Person>;

  before(async () => {
    t = await buildTestApp();
    const trust = await createOrganisation(t.db, 'nhs-trust');
    const user = await createUser(t.db, 'practitioner', trust.id);
    midwife = await signInAsBrowser(t.app, user.email, TEST_PASSWORD);
    const actor = { ...user, name: 'Midwife', organisationName: 'Trust', correlationId: 'pages' };
    record = (input) => t.services.people.create(actor, input);
  });
  after(() => t.close());

  const mother = () =>
    record({ givenName: 'Nell', familyName: 'Brackley', dateOfBirth: '1993-07-08', relationship: 'mother' });

  /** The edit form as the browser posts it, with the date parts split. */
  function form(p: Person, changes: Record<string, string> = {}): Record<string, string> {
    const date = (name: string, value: string | null) =>
      Object.fromEntries(Object.entries(dateParts(value)).map(([k, v]) => [`${name}-${k}`, v]));
    return {
      version: String(p.version),
      givenName: p.givenName,
      familyName: p.familyName,
      nhsNumber: p.nhsNumber ?? '',
      relationship: p.relationship,
      ...date('dateOfBirth', p.dateOfBirth),
      ...date('expectedDeliveryDate', p.expectedDeliveryDate),
      ...changes,
    };
  }

  it('links "Change" from the record, re-renders an error with 400, then saves, audited', async () => {
    const nell = await mother();
    const page = await midwife.get(`/people/${nell.id}`);
    assert.match(page.body, new RegExp(`href="/people/${nell.id}/edit#nhsNumber"`));
    assert.match(page.body, /Change<span class="govuk-visually-hidden"> NHS number<\/span>/);
    const edit = `/people/${nell.id}/edit`;
    const shown = await midwife.get(edit);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /<h1 class="govuk-heading-l">Change Nell Brackley’s details<\/h1>/);
    assert.match(shown.body, /name="version" value="1"/);
    const bad = await midwife.post(edit, form(nell, { givenName: '', nhsNumber: '9990000108' }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#givenName">Enter the given name/);
    assert.match(bad.body, /check digit is wrong/);
    const saved = await midwife.post(edit, form(nell, { givenName: 'Nella', 'dateOfBirth-year': '1994' }));
    assert.equal(saved.statusCode, 302, saved.body);
    assert.equal(saved.headers.location, `/people/${nell.id}`);
    const after = await midwife.get(`/people/${nell.id}`);
    assert.match(after.body, /Details saved/);
    assert.match(after.body, /Nella Brackley/);
    assert.match(after.body, /8 July 1994/);
    const [row] = await t.db.query<{ after: Record<string, string> }>(
      `SELECT after FROM audit_events WHERE event = 'person.updated' AND subject_id = $1`,
      [nell.id],
    );
    assert.deepEqual(row!.after, { givenName: 'Nella', dateOfBirth: '1994-07-08' });
  });

  it('re-renders a stale save with 409, what the record now says and its current version', async () => {
    const nell = await mother();
    await t.db.query(`UPDATE people SET family_name = 'Brackley-Stone', version = 2 WHERE id = $1`, [
      nell.id,
    ]);
    const stale = await midwife.post(`/people/${nell.id}/edit`, form(nell, { givenName: 'Nella' }));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved a change to this record/);
    assert.match(stale.body, /Name: Nell Brackley-Stone/);
    assert.match(stale.body, /name="version" value="2"/);
    assert.match(stale.body, /value="Nella"/, 'the form keeps what they typed');
  });

  it('records the birth of an unborn baby, keeping the expected date as history', async () => {
    const nell = await mother();
    const due = addDays(londonToday(), 20);
    const baby = await record({
      givenName: 'Baby',
      familyName: 'Brackley',
      expectedDeliveryDate: due,
      motherId: nell.id,
    });
    const edit = `/people/${baby.id}/edit`;
    const shown = await midwife.get(edit);
    assert.match(shown.body, /Date of birth \(when the baby is born\)/);
    assert.match((await midwife.get(`/people/${baby.id}`)).body, /Record the birth/);
    const born = addDays(londonToday(), -2);
    const parts = dateParts(born);
    const saved = await midwife.post(
      edit,
      form(baby, {
        'dateOfBirth-day': parts.day,
        'dateOfBirth-month': parts.month,
        'dateOfBirth-year': parts.year,
      }),
    );
    assert.equal(saved.statusCode, 302, saved.body);
    const page = (await midwife.get(`/people/${baby.id}`)).body;
    assert.match(page, /Birth recorded/);
    assert.match(page, /Expected date of delivery/);
    assert.doesNotMatch(page, /Record the birth/);
    assert.doesNotMatch(page, /Change<span class="govuk-visually-hidden"> expected date of delivery/);
    const [row] = await t.db.query<{ dateOfBirth: string; due: string }>(
      `SELECT date_of_birth AS "dateOfBirth", expected_delivery_date AS due FROM people WHERE id = $1`,
      [baby.id],
    );
    assert.deepEqual(row, { dateOfBirth: born, due });
  });

  it('shows those who never see families "not found", and asks an uninvolved practitioner for a reason', async () => {
    const nell = await mother();
    const edit = `/people/${nell.id}/edit`;
    for (const role of ['board-member', 'reviewer'] as const) {
      const u = await createUser(t.db, role);
      const b = await signInAsBrowser(t.app, u.email, TEST_PASSWORD);
      assert.equal((await b.get(edit)).statusCode, 404, role);
      assert.equal((await b.get(`/people/${randomUUID()}/edit`)).statusCode, 404, role);
    }
    const police = await createUser(t.db, 'practitioner', (await createOrganisation(t.db, 'police')).id);
    const officer = await signInAsBrowser(t.app, police.email, TEST_PASSWORD);
    const asked = await officer.get(edit);
    assert.equal(asked.statusCode, 403);
    assert.match(asked.body, /Give a reason to open this record/);
    assert.doesNotMatch(asked.body, /Brackley/);
    const posted = await officer.post(edit, form(nell, { givenName: 'Changed' }), '/account');
    assert.equal(posted.statusCode, 403);
    const [now] = await t.db.query<{ givenName: string }>(
      'SELECT given_name AS "givenName" FROM people WHERE id = $1',
      [nell.id],
    );
    assert.equal(now!.givenName, 'Nell');
  });

  it('finds people by the start of the family name, a page at a time with GOV.UK pagination', async () => {
    const stem = `Rv${randomUUID().slice(0, 6).replace(/\d/g, 'k')}`;
    for (let i = 0; i < 27; i++)
      await record({ givenName: `Kid${String(i).padStart(2, '0')}`, familyName: `${stem}ford` });
    const first = await midwife.get(`/people?familyName=${encodeURIComponent(` ${stem.toUpperCase()} `)}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /27 people match. Page 1 of 2/);
    assert.match(first.body, /Kid00/);
    assert.doesNotMatch(first.body, /Kid25/);
    assert.match(first.body, /class="govuk-pagination"/);
    assert.match(first.body, /rel="next"/);
    const second = await midwife.get(`/people?familyName=${stem}&page=2`);
    assert.match(second.body, /Kid25/);
    assert.match(second.body, /Kid26/);
    assert.doesNotMatch(second.body, /Kid24/);
  });
});
