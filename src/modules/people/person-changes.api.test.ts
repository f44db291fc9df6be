import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { isValidNhsNumber } from './nhs-number.ts';

describe('correcting people, adding organisations and searching by API', () => {
  let t: TestContext;
  let nhsCounter = 9990200000;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  function nextNhs(): string {
    while (!isValidNhsNumber(String(++nhsCounter)));
    return String(nhsCounter);
  }

  async function client(role: Parameters<typeof createUser>[1], organisationId?: string) {
    const user = await createUser(t.db, role, organisationId);
    return { user, api: await signInAsApi(t.app, user.email, TEST_PASSWORD) };
  }

  /** A mother and her unborn baby, recorded by a midwife of an acute trust. */
  async function family() {
    const trust = await createOrganisation(t.db, 'nhs-trust');
    const midwife = await client('practitioner', trust.id);
    const mother = await midwife.api.post('/api/v1/people', {
      nhsNumber: nextNhs(),
      givenName: 'Mara',
      familyName: 'Testfamily',
      dateOfBirth: '1996-05-01',
      relationship: 'mother',
    });
    assert.equal(mother.statusCode, 201, mother.body);
    const baby = await midwife.api.post('/api/v1/people', {
      givenName: 'Baby',
      familyName: 'Testfamily',
      expectedDeliveryDate: addDays(londonToday(), 40),
      motherId: mother.json().id,
    });
    assert.equal(baby.statusCode, 201, baby.body);
    type P = { id: string; version: number; nhsNumber: string; expectedDeliveryDate: string };
    return { trust, midwife, mother: mother.json() as P, baby: baby.json() as P };
  }

  describe('PATCH /api/v1/people/{id}', () => {
    it('corrects the names and NHS number, moves the version on and audits before and after', async () => {
      const { midwife, mother } = await family();
      const nhsNumber = nextNhs();
      const res = await midwife.api.patch(`/api/v1/people/${mother.id}`, {
        version: mother.version,
        givenName: '  Maria ',
        nhsNumber: `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.givenName, 'Maria');
      assert.equal(body.nhsNumber, nhsNumber);
      assert.equal(body.familyName, 'Testfamily');
      assert.equal(body.version, mother.version + 1);
      assert.equal(body.organisations.length, 1);
      assert.deepEqual((await midwife.api.get(`/api/v1/people/${mother.id}`)).json().givenName, 'Maria');
      const [row] = await t.db.query<{ before: unknown; after: unknown; actor: string }>(
        `SELECT before, after, actor_user_id::text AS actor FROM audit_events
          WHERE event = 'person.updated' AND subject_id = $1`,
        [mother.id],
      );
      assert.deepEqual(row!.before, { givenName: 'Mara', nhsNumber: mother.nhsNumber });
      assert.deepEqual(row!.after, { givenName: 'Maria', nhsNumber });
      assert.equal(row!.actor, midwife.user.id);
    });

    it('answers 409 to a stale version before any other rule, and changes nothing', async () => {
      const { midwife, mother } = await family();
      const stale = await midwife.api.patch(`/api/v1/people/${mother.id}`, {
        version: mother.version + 5,
        nhsNumber: '1234567890',
        givenName: '',
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error, 'conflict');
      const now = (await midwife.api.get(`/api/v1/people/${mother.id}`)).json();
      assert.equal(now.givenName, 'Mara');
      assert.equal(now.version, mother.version);
    });

    it('refuses bad values naming the field: check digit, an NHS number on another record, an empty name', async () => {
      const { midwife, mother, baby } = await family();
      const patch = (body: object) => midwife.api.patch(`/api/v1/people/${baby.id}`, { version: 1, ...body });
      const digit = await patch({ nhsNumber: '9990000108' });
      assert.equal(digit.statusCode, 400);
      assert.equal(digit.json().fields[0].path, 'nhsNumber');
      const taken = await patch({ nhsNumber: mother.nhsNumber });
      assert.equal(taken.statusCode, 400);
      assert.deepEqual(
        taken.json().fields.map((f: { path: string }) => f.path),
        ['nhsNumber'],
      );
      assert.match(taken.json().fields[0].message, /already has this NHS number/);
      const empty = await patch({ familyName: '  ' });
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().fields[0].path, 'familyName');
      const future = await patch({ dateOfBirth: addDays(londonToday(), 3) });
      assert.equal(future.statusCode, 400);
      assert.equal(future.json().fields[0].path, 'dateOfBirth');
      const same = await patch({ givenName: 'Baby' });
      assert.equal(same.statusCode, 200);
      assert.equal(same.json().version, 1, 'saving without a change keeps the version');
    });

    it('records the birth of an unborn baby: the expected date stays as history and can no longer change', async () => {
      const { midwife, baby } = await family();
      const born = addDays(londonToday(), -1);
      const res = await midwife.api.patch(`/api/v1/people/${baby.id}`, {
        version: baby.version,
        dateOfBirth: born,
        nhsNumber: nextNhs(),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().dateOfBirth, born);
      assert.equal(res.json().expectedDeliveryDate, baby.expectedDeliveryDate);
      const moved = await midwife.api.patch(`/api/v1/people/${baby.id}`, {
        version: res.json().version,
        expectedDeliveryDate: addDays(londonToday(), 10),
      });
      assert.equal(moved.statusCode, 400);
      assert.equal(moved.json().fields[0].path, 'expectedDeliveryDate');
      const cleared = await midwife.api.patch(`/api/v1/people/${baby.id}`, {
        version: res.json().version,
        expectedDeliveryDate: null,
      });
      assert.equal(cleared.statusCode, 400, 'clearing the expected date would erase the history');
      assert.equal(cleared.json().fields[0].path, 'expectedDeliveryDate');
      const kept = await midwife.api.get(`/api/v1/people/${baby.id}`);
      assert.equal(kept.json().expectedDeliveryDate, baby.expectedDeliveryDate);
    });

    it('answers 404 to those who never see families, 403 to an uninvolved practitioner until a reason is given', async () => {
      const { mother } = await family();
      for (const role of ['board-member', 'reviewer', 'business-unit'] as const) {
        const { api } = await client(role);
        const res = await api.patch(`/api/v1/people/${mother.id}`, { version: 1, givenName: 'X' });
        assert.equal(res.statusCode, 404, role);
      }
      const other = await client('practitioner', (await createOrganisation(t.db, 'police')).id);
      const refused = await other.api.patch(`/api/v1/people/${mother.id}`, { version: 1, givenName: 'X' });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error, 'break-glass-required');
      await other.api.post(`/api/v1/people/${mother.id}/break-glass`, {
        reason: 'Officers attended the home and the name on the record is wrong.',
      });
      const fixed = await other.api.patch(`/api/v1/people/${mother.id}`, { version: 1, givenName: 'Marla' });
      assert.equal(fixed.statusCode, 200, fixed.body);
      const missing = await other.api.patch(`/api/v1/people/${randomUUID()}`, { version: 1 });
      assert.equal(missing.statusCode, 404);
      const noVersion = await other.api.patch(`/api/v1/people/${mother.id}`, { givenName: 'Marla' });
      assert.equal(noVersion.statusCode, 400);
    });
  });

  describe('POST /api/v1/people/{id}/organisations', () => {
    it('adds an organisation (201, listed, audited), answers 200 when it is already involved', async () => {
      const { midwife, mother, baby, trust } = await family();
      const gp = await createOrganisation(t.db, 'gp-practice');
      const res = await midwife.api.post(`/api/v1/people/${baby.id}/organisations`, {
        organisationId: gp.id,
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(
        res
          .json()
          .organisations.map((o: { id: string }) => o.id)
          .sort(),
        [gp.id, trust.id].sort(),
      );
      const audited = await t.db.query(
        `SELECT 1 FROM audit_events WHERE event = 'person.organisation-added' AND subject_id = $1`,
        [baby.id],
      );
      assert.equal(audited.length, 1);
      const again = await midwife.api.post(`/api/v1/people/${mother.id}/organisations`, {
        organisationId: gp.id,
      });
      assert.equal(again.statusCode, 200);
      const gpLead = await client('organisation-lead', gp.id);
      assert.equal((await gpLead.api.get(`/api/v1/people/${mother.id}`)).statusCode, 200);
    });

    it('refuses an unknown organisation (400), outsiders (403 or 404), and adds nothing', async () => {
      const { midwife, mother } = await family();
      for (const organisationId of [randomUUID(), 'not-an-id']) {
        const bad = await midwife.api.post(`/api/v1/people/${mother.id}/organisations`, { organisationId });
        assert.equal(bad.statusCode, 400);
        assert.equal(bad.json().fields[0].path, 'organisationId');
      }
      const police = await createOrganisation(t.db, 'police');
      const officer = await client('practitioner', police.id);
      const refused = await officer.api.post(`/api/v1/people/${mother.id}/organisations`, {
        organisationId: police.id,
      });
      assert.equal(refused.statusCode, 403);
      const board = await client('board-member');
      const hidden = await board.api.post(`/api/v1/people/${mother.id}/organisations`, {
        organisationId: police.id,
      });
      assert.equal(hidden.statusCode, 404);
      const orgs = (await midwife.api.get(`/api/v1/people/${mother.id}`)).json().organisations;
      assert.equal(orgs.length, 1);
    });
  });

  describe('GET /api/v1/people (search)', () => {
    it('matches the start of the family name in any case, narrowed by given name and date of birth', async () => {
      const { midwife } = await family();
      const stem = `Qz${randomUUID().slice(0, 6).replace(/\d/g, 'x')}`;
      for (const [givenName, familyName, dateOfBirth] of [
        ['Ada', `${stem}worth`, '1990-01-02'],
        ['Adam', `${stem}ton`, '1991-02-03'],
        ['Bea', `${stem}worth`, '1992-03-04'],
        ['Cal', `Other${stem}`, '1993-04-05'],
      ] as const) {
        const res = await midwife.api.post('/api/v1/people', { givenName, familyName, dateOfBirth });
        assert.equal(res.statusCode, 201, res.body);
      }
      const names = async (query: string) => {
        const res = await midwife.api.get(`/api/v1/people?${query}`);
        assert.equal(res.statusCode, 200, res.body);
        return (res.json().items as { givenName: string }[]).map((p) => p.givenName);
      };
      assert.deepEqual(await names(`familyName=${encodeURIComponent(`  ${stem.toLowerCase()} `)}`), [
        'Adam',
        'Ada',
        'Bea',
      ]);
      assert.deepEqual(await names(`familyName=${stem}&givenName=ad`), ['Adam', 'Ada']);
      assert.deepEqual(await names(`familyName=${stem}w&givenName=AD`), ['Ada']);
      assert.deepEqual(await names(`familyName=${stem}&dateOfBirth=1992-03-04`), ['Bea']);
      assert.deepEqual(await names(`familyName=${stem.slice(0, 2)}%25${stem.slice(3)}`), []);
      assert.deepEqual(await names(`familyName=${stem.slice(0, 2)}_${stem.slice(3)}`), []);
    });

    it('pages the matches: page and pageSize, total of all matches, pageSize at most 200', async () => {
      const { midwife } = await family();
      const stem = `Pg${randomUUID().slice(0, 6).replace(/\d/g, 'y')}`;
      for (let i = 0; i < 5; i++) {
        const res = await midwife.api.post('/api/v1/people', {
          givenName: `Child${String.fromCharCode(65 + i)}`,
          familyName: stem,
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const first = (await midwife.api.get(`/api/v1/people?familyName=${stem}&pageSize=2`)).json();
      assert.deepEqual(
        { total: first.total, page: first.page, pageSize: first.pageSize, n: first.items.length },
        { total: 5, page: 1, pageSize: 2, n: 2 },
      );
      const third = (await midwife.api.get(`/api/v1/people?familyName=${stem}&pageSize=2&page=3`)).json();
      assert.deepEqual(
        third.items.map((p: { givenName: string }) => p.givenName),
        ['ChildE'],
      );
      assert.equal(third.total, 5);
      const defaults = (await midwife.api.get(`/api/v1/people?familyName=${stem}`)).json();
      assert.equal(defaults.pageSize, 50);
      const tooBig = await midwife.api.get(`/api/v1/people?familyName=${stem}&pageSize=201`);
      assert.equal(tooBig.statusCode, 400);
      assert.equal(tooBig.json().fields[0].path, 'pageSize');
      const audited = await t.db.query<{ details: { matches: number } }>(
        `SELECT details FROM audit_events WHERE event = 'person.searched' AND actor_user_id = $1
          ORDER BY id DESC LIMIT 1`,
        [midwife.user.id],
      );
      assert.equal(audited[0]!.details.matches, 5);
    });
  });
});
