import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('families API', () => {
  let t: TestContext;
  let nhsCounter = 9990001000;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  /** A fresh synthetic NHS number (999… range) that passes the check digit. */
  async function nextNhs(): Promise<string> {
    const { isValidNhsNumber } = await import('./nhs-number.ts');
    while (!isValidNhsNumber(String(++nhsCounter)));
    return String(nhsCounter);
  }

  async function client(role: Parameters<typeof createUser>[1], organisationId?: string) {
    const user = await createUser(t.db, role, organisationId);
    return { user, api: await signInAsApi(t.app, user.email, TEST_PASSWORD) };
  }

  async function viewsOf(personId: string, userId: string): Promise<number> {
    const [row] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE event = 'person.viewed' AND subject_id = $1 AND actor_user_id = $2`,
      [personId, userId],
    );
    return row!.n;
  }

  async function family() {
    const trust = await createOrganisation(t.db, 'nhs-trust');
    const midwife = await client('practitioner', trust.id);
    const lead = await createUser(t.db, 'organisation-lead', trust.id);
    const nhsNumber = await nextNhs();
    const res = await midwife.api.post('/api/v1/people', {
      nhsNumber,
      givenName: 'Mara',
      familyName: 'Testfamily',
      dateOfBirth: '1996-05-01',
      relationship: 'mother',
    });
    assert.equal(res.statusCode, 201, res.body);
    return { trust, midwife, lead, mother: res.json() as { id: string; nhsNumber: string }, nhsNumber };
  }

  it('records a person (201, the involved organisation listed) and lets the recorder read them, audited', async () => {
    const { trust, midwife, mother } = await family();
    const res = await midwife.api.get(`/api/v1/people/${mother.id}`);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.access, 'involved');
    assert.deepEqual(
      body.organisations.map((o: { id: string }) => o.id),
      [trust.id],
    );
    assert.ok((await viewsOf(mother.id, midwife.user.id)) >= 2);
  });

  it('refuses a bad check digit naming nhsNumber, both dates, and an unborn baby without a mother', async () => {
    const { midwife } = await family();
    const bad = await midwife.api.post('/api/v1/people', {
      nhsNumber: '9990000108',
      givenName: 'A',
      familyName: 'B',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().fields[0].path, 'nhsNumber');
    const both = await midwife.api.post('/api/v1/people', {
      givenName: 'Baby',
      familyName: 'B',
      dateOfBirth: '2025-01-01',
      expectedDeliveryDate: addDays(londonToday(), 30),
    });
    assert.equal(both.statusCode, 400);
    assert.ok(both.json().fields.some((f: { path: string }) => f.path === 'expectedDeliveryDate'));
    const orphan = await midwife.api.post('/api/v1/people', {
      givenName: 'Baby',
      familyName: 'B',
      expectedDeliveryDate: addDays(londonToday(), 30),
    });
    assert.equal(orphan.statusCode, 400);
    assert.ok(orphan.json().fields.some((f: { path: string }) => f.path === 'motherId'));
    const search = await midwife.api.get('/api/v1/people?nhsNumber=1234567890');
    assert.equal(search.statusCode, 400);
    assert.equal(search.json().fields[0].path, 'nhsNumber');
  });

  it('makes an uninvolved lead break the glass: 403, then access after a reason, audited, leads told', async () => {
    const { mother, nhsNumber, lead } = await family();
    const police = await client('organisation-lead', (await createOrganisation(t.db, 'police')).id);
    const found = await police.api.get(`/api/v1/people?nhsNumber=${nhsNumber}`);
    assert.equal(found.statusCode, 200);
    assert.deepEqual(found.json().items, [{ id: mother.id, access: 'break-glass' }]);
    const refused = await police.api.get(`/api/v1/people/${mother.id}`);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error, 'break-glass-required');
    assert.equal((await police.api.get(`/api/v1/people/${mother.id}/flags`)).statusCode, 403);
    const short = await police.api.post(`/api/v1/people/${mother.id}/break-glass`, { reason: 'why' });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().fields[0].path, 'reason');
    const opened = await police.api.post(`/api/v1/people/${mother.id}/break-glass`, {
      reason: 'Officers attended the family home overnight after a 999 call.',
    });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json().access, 'granted');
    assert.equal((await police.api.get(`/api/v1/people/${mother.id}`)).statusCode, 200);
    assert.ok((await viewsOf(mother.id, police.user.id)) >= 2);
    const glass = await t.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'person.break-glass' AND subject_id = $1 AND actor_user_id = $2`,
      [mother.id, police.user.id],
    );
    assert.equal(glass.length, 1);
    const told = await t.db.query(
      `SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'record-opened'`,
      [lead.id],
    );
    assert.equal(told.length, 1);
  });

  it('answers 404 to board members, reviewers and a business unit without family-records access', async () => {
    const { mother, nhsNumber } = await family();
    for (const role of ['board-member', 'reviewer', 'business-unit'] as const) {
      const { api } = await client(role);
      assert.equal((await api.get(`/api/v1/people/${mother.id}`)).statusCode, 404, role);
      assert.equal((await api.get(`/api/v1/people?nhsNumber=${nhsNumber}`)).statusCode, 404, role);
      assert.equal((await api.get(`/api/v1/people/${mother.id}/flags`)).statusCode, 404, role);
    }
    const unit = await client('business-unit');
    await t.db.query('UPDATE users SET family_records_access = true WHERE id = $1', [unit.user.id]);
    assert.equal((await unit.api.get(`/api/v1/people/${mother.id}`)).statusCode, 200);
  });

  it('raises a flag (consent needed for the purple butterfly), shows it on the unborn baby, ends it with 409 on a stale version', async () => {
    const { midwife, mother } = await family();
    const baby = await midwife.api.post('/api/v1/people', {
      givenName: 'Baby',
      familyName: 'Testfamily',
      expectedDeliveryDate: addDays(londonToday(), 90),
      motherId: mother.id,
    });
    assert.equal(baby.statusCode, 201, baby.body);
    const noConsent = await midwife.api.post(`/api/v1/people/${mother.id}/flags`, {
      type: 'purple-butterfly',
    });
    assert.equal(noConsent.statusCode, 400);
    assert.equal(noConsent.json().fields[0].path, 'consent');
    const raised = await midwife.api.post(`/api/v1/people/${mother.id}/flags`, {
      type: 'purple-butterfly',
      consent: true,
      note: 'Loss in 2024',
    });
    assert.equal(raised.statusCode, 201, raised.body);
    const flag = raised.json();
    assert.equal(flag.type, 'purple-butterfly');
    assert.equal(flag.status, 'active');
    assert.match(flag.meaning, /neonatal loss/);
    const onBaby = (await midwife.api.get(`/api/v1/people/${baby.json().id}/flags`)).json();
    assert.equal(onBaby.items.length, 1);
    assert.equal(onBaby.items[0].onMother, true);
    const stale = await midwife.api.post(`/api/v1/flags/${flag.id}/end`, {
      reason: 'Family asked',
      version: 99,
    });
    assert.equal(stale.statusCode, 409);
    const ended = await midwife.api.post(`/api/v1/flags/${flag.id}/end`, {
      reason: 'Family asked',
      version: flag.version,
    });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().status, 'ended');
    const practitioner = await client('practitioner', (await createOrganisation(t.db, 'nhs-trust')).id);
    assert.equal(
      (await practitioner.api.post(`/api/v1/people/${mother.id}/flags`, { type: 'safer-sleep-risk' }))
        .statusCode,
      403,
    );
    const cp = await midwife.api.post(`/api/v1/people/${mother.id}/flags`, { type: 'child-protection-plan' });
    assert.equal(cp.statusCode, 403);
  });
});
