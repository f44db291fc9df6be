import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { seedDemoFamilies, DEMO_NHS } from '../../demo/seed-families.ts';
import { DEMO_ORGANISATIONS } from '../../demo/demo-partnership.ts';

describe('family record pages', () => {
  let t: TestContext;
  let hv: Awaited<ReturnType<typeof signInAsBrowser>>;
  let police: Awaited<ReturnType<typeof signInAsBrowser>>;
  let policeId: string;
  let leahId: string;
  let babyAshworthId: string;

  /** Demo families on organisations and users made for this test (the demo seed's shape). */
  before(async () => {
    t = await buildTestApp();
    const orgs: Record<string, string> = {};
    for (const o of DEMO_ORGANISATIONS) orgs[o.key] = (await createOrganisation(t.db, o.type)).id;
    const users: Record<string, string> = {};
    const emails: Record<string, string> = {};
    for (const [key, role, org] of [
      ['trust', 'organisation-lead', 'acute'],
      ['hv', 'practitioner', 'community'],
      ['la', 'organisation-lead', 'council'],
      ['police', 'organisation-lead', 'police'],
    ] as const) {
      const u = await createUser(t.db, role, orgs[org]);
      users[key] = u.id;
      emails[key] = u.email;
    }
    await t.db.transaction((tx) => seedDemoFamilies(tx, { orgs, users }));
    hv = await signInAsBrowser(t.app, emails.hv!, TEST_PASSWORD);
    police = await signInAsBrowser(t.app, emails.police!, TEST_PASSWORD);
    policeId = users.police!;
    const [leah] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE nhs_number = $1', [
      DEMO_NHS.leahAshworth,
    ]);
    leahId = leah!.id;
    const [baby] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE mother_id = $1', [leahId]);
    babyAshworthId = baby!.id;
  });
  after(() => t.close());

  it('finds a person by NHS number, audited, with a link the health visitor can open', async () => {
    const res = await hv.get(`/people?nhsNumber=${DEMO_NHS.leahAshworth}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Leah Ashworth/);
    assert.match(res.body, /You can open it/);
    const bad = await hv.get('/people?nhsNumber=9990000108');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /check digit/);
    const searches = await t.db.query(`SELECT 1 FROM audit_events WHERE event = 'person.searched'`);
    assert.ok(searches.length >= 1);
  });

  it('shows the flag banner first in <main>, with the mother’s purple butterfly on the unborn baby', async () => {
    const res = await hv.get(`/people/${babyAshworthId}`);
    assert.equal(res.statusCode, 200);
    const main = res.body.slice(res.body.indexOf('<main'));
    const afterMainTag = main.slice(main.indexOf('>') + 1).trimStart();
    assert.match(afterMainTag, /^<div class="govuk-notification-banner app-flag-banner" role="region"/);
    assert.ok(main.indexOf('Flags on this record') < main.indexOf('<h1'));
    assert.match(main, /Purple butterfly/);
    assert.match(main, /on the mother’s record/);
    const views = await t.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'person.viewed' AND subject_id = $1`,
      [babyAshworthId],
    );
    assert.equal(views.length, 1);
  });

  it('raises a flag with one error re-render, then ends it with a reason', async () => {
    const [abena] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE nhs_number = $1', [
      DEMO_NHS.abenaMensah,
    ]);
    const url = `/people/${abena!.id}/flags`;
    const missing = await hv.post(url, { type: 'purple-butterfly' }, `${url}/new`);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Record that the family agreed/);
    const ok = await hv.post(url, { type: 'unborn-baby-network', note: 'Referred today' }, `${url}/new`);
    assert.equal(ok.statusCode, 302);
    const [flag] = await t.db.query<{ id: string; version: number }>(
      `SELECT id, version FROM flags WHERE person_id = $1 AND type_code = 'unborn-baby-network'`,
      [abena!.id],
    );
    const endUrl = `/flags/${flag!.id}/end`;
    const noReason = await hv.post(endUrl, { reason: '', version: String(flag!.version) });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Give the reason the flag ends/);
    const ended = await hv.post(endUrl, { reason: 'Referral closed', version: String(flag!.version) });
    assert.equal(ended.statusCode, 302);
    const page = await hv.get(`/people/${abena!.id}`);
    assert.match(page.body, /ended on/);
  });

  it('asks an uninvolved lead for a reason, re-renders a short one, then opens the record and tells the leads', async () => {
    const first = await police.get(`/people/${leahId}`);
    assert.equal(first.statusCode, 403);
    assert.match(first.body, /Give a reason to open this record/);
    assert.doesNotMatch(first.body, /Ashworth/);
    const short = await police.post(`/people/${leahId}/break-glass`, { reason: 'need' }, `/people/${leahId}`);
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /There is a problem/);
    const opened = await police.post(
      `/people/${leahId}/break-glass`,
      { reason: 'Officers were called to the address overnight.' },
      `/people/${leahId}`,
    );
    assert.equal(opened.statusCode, 302);
    const record = await police.get(`/people/${leahId}`);
    assert.equal(record.statusCode, 200);
    assert.match(record.body, /Leah Ashworth/);
    const history = await police.get(`/people/${leahId}/access-history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Break glass/i);
    const glass = await t.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'person.break-glass' AND actor_user_id = $1`,
      [policeId],
    );
    assert.equal(glass.length, 1);
  });

  it('gives board members and reviewers 404 for the record and the search; the business unit only with access', async () => {
    for (const role of ['board-member', 'reviewer', 'business-unit'] as const) {
      const u = await createUser(t.db, role);
      const b = await signInAsBrowser(t.app, u.email, TEST_PASSWORD);
      assert.equal((await b.get(`/people/${leahId}`)).statusCode, 404, role);
      assert.equal((await b.get(`/people?nhsNumber=${DEMO_NHS.leahAshworth}`)).statusCode, 404, role);
      assert.equal((await b.get(`/people/${leahId}/access-history`)).statusCode, 404, role);
      assert.doesNotMatch((await b.get('/dashboard')).body, /href="\/people"/, role);
    }
    const unit = await createUser(t.db, 'business-unit');
    await t.db.query('UPDATE users SET family_records_access = true WHERE id = $1', [unit.id]);
    const b = await signInAsBrowser(t.app, unit.email, TEST_PASSWORD);
    assert.equal((await b.get(`/people/${leahId}`)).statusCode, 200);
    const settings = await b.get('/settings/flag-types');
    assert.equal(settings.statusCode, 200);
    assert.match(settings.body, /href="\/people"[^>]*>\s*Families/);
    assert.equal((await hv.get('/settings/flag-types')).statusCode, 404);
  });

  it('records a baby in the family linked to the mother, and refuses both dates', async () => {
    const [leah] = await t.db.query<{ familyId: string }>(
      'SELECT family_id AS "familyId" FROM people WHERE id = $1',
      [leahId],
    );
    const form = `/people/new?familyId=${leah!.familyId}`;
    const page = await hv.get(form);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Leah Ashworth/);
    const noName = await hv.post(
      '/people',
      { familyId: leah!.familyId, relationship: 'sibling', familyName: 'Ashworth' },
      form,
    );
    assert.equal(noName.statusCode, 400);
    assert.match(noName.body, /Enter the given name/);
    const bothDates = await hv.post(
      '/people',
      {
        familyId: leah!.familyId,
        givenName: 'Baby',
        familyName: 'Ashworth',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '4',
        'dateOfBirth-year': '2025',
        'expectedDeliveryDate-day': '3',
        'expectedDeliveryDate-month': '4',
        'expectedDeliveryDate-year': String(new Date().getFullYear() + 1),
      },
      form,
    );
    assert.equal(bothDates.statusCode, 400);
    assert.match(bothDates.body, /not both/);
    const ok = await hv.post(
      '/people',
      {
        familyId: leah!.familyId,
        relationship: 'sibling',
        givenName: 'Isla',
        familyName: 'Ashworth',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '4',
        'dateOfBirth-year': '2021',
      },
      form,
    );
    assert.equal(ok.statusCode, 302, ok.body);
    const [isla] = await t.db.query<{ familyId: string }>(
      `SELECT family_id AS "familyId" FROM people WHERE given_name = 'Isla'`,
    );
    assert.equal(isla!.familyId, leah!.familyId);
  });

  it('adds an organisation to the family from the record, after which its staff open it without a reason', async () => {
    const gp = await createOrganisation(t.db, 'gp-practice');
    const gpLead = await createUser(t.db, 'organisation-lead', gp.id);
    const gpBrowser = await signInAsBrowser(t.app, gpLead.email, TEST_PASSWORD);
    assert.equal((await gpBrowser.get(`/people/${leahId}`)).statusCode, 403, 'a reason is needed at first');
    const page = await hv.get(`/people/${leahId}`);
    assert.match(page.body, /Add an organisation that works with this family/);
    const added = await hv.post(
      `/people/${leahId}/organisations`,
      { organisationId: gp.id },
      `/people/${leahId}`,
    );
    assert.equal(added.statusCode, 302);
    const after = await gpBrowser.get(`/people/${leahId}`);
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /Leah Ashworth/);
  });
});
