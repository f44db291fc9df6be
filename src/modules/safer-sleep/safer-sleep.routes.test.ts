import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { actorIn, createFamily, validAssessment } from './safer-sleep.test-support.ts';

describe('safer-sleep pages and API', () => {
  let t: TestContext;
  let trustId: string;
  let hvEmail: string;
  let family: Awaited<ReturnType<typeof createFamily>>;
  before(async () => {
    t = await buildTestApp();
    trustId = (await createOrganisation(t.db, 'nhs-trust')).id;
    const hv = await actorIn(t.db, 'practitioner', trustId);
    hvEmail = hv.email;
    family = await createFamily(t.services, hv);
  });
  after(() => t.close());

  const userOf = async (role: Role, organisationId?: string) =>
    (await createUser(t.db, role, organisationId)).email;

  it('POST /api/v1/people/:id/safer-sleep-assessments creates (201) and GET lists, newest first', async () => {
    const api = await signInAsApi(t.app, hvEmail, TEST_PASSWORD);
    const url = `/api/v1/people/${family.baby.id}/safer-sleep-assessments`;
    const created = await api.post(url, validAssessment(family, { riskLevel: 'high' }));
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.riskLevel, 'high');
    assert.equal(body.flagRaised, true);
    assert.deepEqual(body.factors, [
      { code: 'smoking', text: 'Smoking in pregnancy or in the home', group: 'predisposing' },
    ]);
    assert.deepEqual(
      body.people.map((p: { relationship: string; advised: boolean }) => [p.relationship, p.advised]),
      [
        ['mother', true],
        ['father-or-partner', true],
      ],
    );
    await api.post(url, validAssessment(family, { contactDate: '2026-01-05', contactType: 'postnatal' }));
    const list = await api.get(url);
    assert.equal(list.statusCode, 200);
    const listed = list.json();
    assert.equal(listed.total, 2);
    assert.deepEqual(
      listed.items.map((a: { contactDate: string }) => a.contactDate),
      ['2026-01-20', '2026-01-05'],
    );
  });

  it('answers bad input with 400 and the fields', async () => {
    const api = await signInAsApi(t.app, hvEmail, TEST_PASSWORD);
    const response = await api.post(`/api/v1/people/${family.baby.id}/safer-sleep-assessments`, {
      contactType: 'phone',
      plan: '',
    });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.error, 'validation');
    const paths = body.fields.map((f: { path: string }) => f.path);
    for (const path of ['contactType', 'contactDate', 'riskLevel']) assert.ok(paths.includes(path), path);
  });

  it('refuses the uninvolved (403, break the glass) and the board (404)', async () => {
    const outsider = await signInAsApi(t.app, await userOf('practitioner'), TEST_PASSWORD);
    const url = `/api/v1/people/${family.baby.id}/safer-sleep-assessments`;
    assert.equal((await outsider.get(url)).statusCode, 403);
    assert.equal((await outsider.post(url, validAssessment(family))).statusCode, 403);
    const board = await signInAsApi(t.app, await userOf('board-member'), TEST_PASSWORD);
    assert.equal((await board.get(url)).statusCode, 404);
    const browser = await signInAsBrowser(t.app, await userOf('board-member'), TEST_PASSWORD);
    assert.equal((await browser.get(`/people/${family.baby.id}/safer-sleep`)).statusCode, 404);
  });

  it('re-renders the form with errors at each field, then records and shows the history', async () => {
    const browser = await signInAsBrowser(t.app, hvEmail, TEST_PASSWORD);
    const formUrl = `/people/${family.baby.id}/safer-sleep/new`;
    const form = await browser.get(formUrl);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Father or partner: Dan Testfamily/);
    const bad = await browser.post(
      `/people/${family.baby.id}/safer-sleep`,
      { otherName: 'Grandad', other: 'present' },
      formUrl,
    );
    assert.equal(bad.statusCode, 400);
    for (const message of [
      'Select the type of contact',
      'Select the risk level',
      'Enter the plan agreed with the family',
    ])
      assert.ok(bad.body.includes(message), message);
    assert.match(bad.body, /value="Grandad"/, 'what was typed is kept');
    const good = await browser.post(
      `/people/${family.baby.id}/safer-sleep`,
      {
        contactType: 'antenatal',
        'contactDate-day': '3',
        'contactDate-month': '1',
        'contactDate-year': '2026',
        factors: ['alcohol', 'housing'],
        [`person-${family.mother.id}`]: ['present', 'advised'],
        [`person-${family.father.id}`]: 'advised',
        advice: 'back-to-sleep',
        riskLevel: 'raised',
        plan: 'Talk again about where the baby will sleep at Gran’s.',
      },
      formUrl,
    );
    assert.equal(good.statusCode, 302, good.body);
    const history = await browser.get(`/people/${family.baby.id}/safer-sleep`);
    assert.match(history.body, /Antenatal, 3 January 2026/);
    assert.match(history.body, /Father or partner: Dan Testfamily –\s+advised, not present/);
    assert.match(history.body, /Parent or carer has drunk alcohol/);
  });

  it('records a contact without an assessment', async () => {
    const browser = await signInAsBrowser(t.app, hvEmail, TEST_PASSWORD);
    const formUrl = `/people/${family.baby.id}/contacts/new`;
    const bad = await browser.post(
      `/people/${family.baby.id}/contacts`,
      { contactType: 'postnatal' },
      formUrl,
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the date of the contact/);
    const ok = await browser.post(
      `/people/${family.baby.id}/contacts`,
      {
        contactType: 'postnatal',
        'contactDate-day': '9',
        'contactDate-month': '2',
        'contactDate-year': '2026',
      },
      formUrl,
    );
    assert.equal(ok.statusCode, 302);
    const rows = await t.db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE event = 'contact.recorded' AND subject_id = $1`,
      [family.baby.id],
    );
    assert.equal(rows.length, 1);
  });

  it('GET /api/v1/measures/safer-sleep gives aggregates to the business unit, 400 for bad months, 403 to practitioners', async () => {
    const manager = await signInAsApi(t.app, await userOf('business-unit'), TEST_PASSWORD);
    const response = await manager.get('/api/v1/measures/safer-sleep?months=24');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.months, 24);
    assert.equal(body.smallNumber, 5);
    assert.ok(Array.isArray(body.items));
    const mine = body.items.filter((i: { organisationId: string }) => i.organisationId === trustId);
    assert.ok(mine.length >= 1);
    assert.deepEqual(Object.keys(mine[0].antenatal).sort(), ['count', 'percent', 'suppressed', 'total']);
    assert.equal((await manager.get('/api/v1/measures/safer-sleep?months=99')).statusCode, 400);
    const hv = await signInAsApi(t.app, hvEmail, TEST_PASSWORD);
    assert.equal((await hv.get('/api/v1/measures/safer-sleep')).statusCode, 403);
  });

  it('shows the measures page with small numbers hidden and says why', async () => {
    const browser = await signInAsBrowser(t.app, await userOf('board-member'), TEST_PASSWORD);
    const page = await browser.get('/measures/safer-sleep');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /fewer than 5/);
    assert.match(page.body, /So that a small number cannot point to a family/);
  });

  it('lets the business unit add and retire a risk factor on the settings page, and no one else', async () => {
    const manager = await signInAsBrowser(t.app, await userOf('business-unit'), TEST_PASSWORD);
    const listUrl = '/settings/safer-sleep-factors';
    const empty = await manager.post(listUrl, { text: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the risk factor/);
    const added = await manager.post(listUrl, { text: 'Baby sleeps in a sling', group: 'situational' });
    assert.equal(added.statusCode, 302);
    const editUrl = `${listUrl}/baby-sleeps-in-a-sling`;
    const retired = await manager.post(
      editUrl,
      { text: 'Baby sleeps in a sling', group: 'situational', sortOrder: '200', active: 'no', version: '1' },
      editUrl,
    );
    assert.equal(retired.statusCode, 302);
    assert.match((await manager.get(listUrl)).body, /Baby sleeps in a sling[\s\S]*?Retired/);
    const lead = await signInAsBrowser(t.app, await userOf('organisation-lead'), TEST_PASSWORD);
    assert.equal((await lead.get(listUrl)).statusCode, 403);
  });

  it('documents the safer-sleep API in the OpenAPI description', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const paths = Object.keys(response.json().paths);
    for (const path of ['/api/v1/people/{id}/safer-sleep-assessments', '/api/v1/measures/safer-sleep'])
      assert.ok(paths.includes(path), path);
  });
});
