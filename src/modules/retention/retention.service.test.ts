import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { createActor } from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createAuditRepository } from '../audit/index.ts';
import { createDisposalRepository } from './disposal.repository.ts';
import { createRetentionRepository } from './retention.repository.ts';
import { createRetentionService } from './retention.service.ts';
import { countRows, createClosedReview, createRecordedFamily } from './retention.test-support.ts';

const POLICY = { reviewRetentionYears: 15, familyRecordChildAge: 25, familyRecordYearsAfterLastEntry: 8 };

describe('records retention service', () => {
  let db: Db;
  let manager: Actor;
  let today = '2026-06-15';
  const service = () =>
    createRetentionService({
      db,
      retention: createRetentionRepository(),
      disposal: createDisposalRepository(),
      audit: createAuditRepository(),
      policy: async () => POLICY,
      today: () => today,
    });
  const listed = async () => {
    await service().refreshDue();
    return (await service().overview(manager)).due.map((r) => r.recordId);
  };

  before(async () => {
    db = await createTestDb();
    manager = await createActor(db, 'business-unit');
  });
  after(() => db.close());
  beforeEach(async () => {
    today = '2026-06-15';
    await db.exec('DELETE FROM retention_holds; DELETE FROM retention_due;');
  });

  describe('due dates', () => {
    it('lists a closed review on the day its retention period ends, not the day before', async () => {
      const due = await createClosedReview(db, { closedOn: '2011-06-15' });
      const notYet = await createClosedReview(db, { closedOn: '2011-06-16' });
      const ids = await listed();
      assert.ok(ids.includes(due.reviewId));
      assert.ok(!ids.includes(notYet.reviewId));
    });

    it('lists a family record on the youngest child’s 25th birthday when that is later than the last entry', async () => {
      const due = await createRecordedFamily(db, { children: [{ dateOfBirth: '2001-06-15' }] });
      const notYet = await createRecordedFamily(db, {
        children: [{ dateOfBirth: '1999-01-01' }, { dateOfBirth: '2001-06-16' }],
      });
      const ids = await listed();
      assert.ok(ids.includes(due.familyId));
      assert.ok(!ids.includes(notYet.familyId), 'the younger child is not yet 25');
      const row = (await service().overview(manager)).due.find((r) => r.recordId === due.familyId)!;
      assert.equal(row.rule, 'child-age');
      assert.equal(row.dueDate, '2026-06-15');
    });

    it('keeps a family record 8 years after its last entry when that is later, as for an unborn baby', async () => {
      const unborn = await createRecordedFamily(db, {
        enteredOn: '2018-06-15',
        children: [{ expectedDeliveryDate: '2018-09-01' }],
      });
      const laterEntry = await createRecordedFamily(db, { enteredOn: '2018-06-16', endedFlag: true });
      const grownUpButRecent = await createRecordedFamily(db, {
        enteredOn: '2020-01-01',
        children: [{ dateOfBirth: '1990-01-01' }],
      });
      const ids = await listed();
      assert.ok(ids.includes(unborn.familyId));
      assert.ok(!ids.includes(laterEntry.familyId));
      assert.ok(!ids.includes(grownUpButRecent.familyId), 'the last entry was under 8 years ago');
    });

    it('moves 29 February on to 1 March in a year without one, so nothing is due a day early', async () => {
      const [row] = await db.query<{ leap: string; plain: string }>(
        `SELECT retention_add_years('2000-02-29', 25) AS plain, retention_add_years('2000-02-29', 24) AS leap`,
      );
      assert.equal(row!.plain, '2025-03-01');
      assert.equal(row!.leap, '2024-02-29');
    });
  });

  describe('never proposes a record with something open', () => {
    it('leaves out reviews not closed, or with an open action or an outstanding information request', async () => {
      const open = await createClosedReview(db, { closedOn: '2001-01-01', status: 'published' });
      const action = await createClosedReview(db, { closedOn: '2001-01-01', openAction: true });
      const request = await createClosedReview(db, { closedOn: '2001-01-01', openRequest: true });
      const ids = await listed();
      for (const r of [open, action, request]) assert.ok(!ids.includes(r.reviewId));
    });

    it('leaves out families with an active flag (the purple butterfly) or an open Unborn Baby Network referral', async () => {
      const flagged = await createRecordedFamily(db, { enteredOn: '2001-01-01', activeFlag: true });
      const referred = await createRecordedFamily(db, { enteredOn: '2001-01-01', openReferral: true });
      const ended = await createRecordedFamily(db, { enteredOn: '2001-01-01', endedFlag: true });
      const ids = await listed();
      assert.ok(!ids.includes(flagged.familyId));
      assert.ok(!ids.includes(referred.familyId));
      assert.ok(ids.includes(ended.familyId), 'an ended flag does not hold the record');
    });

    it('takes a record off the list at the next scan when something becomes active again', async () => {
      const family = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
      assert.ok((await listed()).includes(family.familyId));
      await db.query(
        `INSERT INTO flags (person_id, type_code, raised_by, raised_by_organisation)
         VALUES ($1, 'safer-sleep-risk', $2, $3)`,
        [family.motherId, family.userId, family.organisationId],
      );
      assert.ok(!(await listed()).includes(family.familyId));
    });
  });

  describe('keep for now', () => {
    it('hides the record until the date given, then lists it again', async () => {
      const family = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
      await service().refreshDue();
      await service().keep(manager, 'family', family.familyId, {
        reason: 'Legal hold: inquest pending',
        reviewDate: '2026-07-01',
      });
      const now = await service().overview(manager);
      assert.ok(!now.due.some((r) => r.recordId === family.familyId));
      assert.equal(
        now.kept.find((r) => r.recordId === family.familyId)?.heldReason,
        'Legal hold: inquest pending',
      );
      today = '2026-07-01';
      assert.ok((await listed()).includes(family.familyId));
    });

    it('refuses a missing reason or a date not in the future, naming each field', async () => {
      const family = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
      await service().refreshDue();
      await assert.rejects(
        service().keep(manager, 'family', family.familyId, { reason: ' ', reviewDate: '2026-06-15' }),
        (err: ValidationFailed) => {
          assert.deepEqual(err.fields.map((f) => f.path).sort(), ['reason', 'reviewDate']);
          return true;
        },
      );
    });
  });

  describe('disposal', () => {
    it('deletes a family record and everything in it, and nothing of another family', async () => {
      const gone = await createRecordedFamily(db, {
        enteredOn: '2001-01-01',
        children: [{ dateOfBirth: '2000-01-01', givenName: 'Kerensa' }],
        endedFlag: true,
        assessment: true,
        loss: true,
      });
      const other = await createRecordedFamily(db, {
        enteredOn: '2001-01-01',
        children: [{ dateOfBirth: '2000-01-01' }],
        endedFlag: true,
        assessment: true,
        loss: true,
      });
      await service().refreshDue();
      const result = await service().dispose(manager, { records: [`family:${gone.familyId}`] });
      assert.equal(result.disposed.length, 1);
      assert.deepEqual(result.disposed[0]!.counts, {
        people: 2,
        unbornReferrals: 1,
        saferSleepAssessments: 1,
        contacts: 1,
        losses: 1,
        flags: 1,
        notifications: 0,
      });
      for (const [family, expected] of [
        [gone, 0],
        [other, 1],
      ] as const) {
        const people = 'people WHERE family_id = $1';
        assert.equal(await countRows(db, 'families WHERE id = $1', [family.familyId]), expected);
        assert.equal(await countRows(db, people, [family.familyId]), expected * 2);
        for (const table of [
          'flags',
          'contacts',
          'safer_sleep_assessments',
          'unborn_referrals',
          'person_organisations',
        ])
          assert.equal(
            await countRows(db, `${table} WHERE person_id IN (SELECT id FROM ${people})`, [family.familyId]),
            expected,
            table,
          );
        assert.equal(await countRows(db, 'family_losses WHERE family_id = $1', [family.familyId]), expected);
      }
      assert.equal(await countRows(db, 'disposed_records WHERE record_id = $1', [gone.familyId]), 1);
      assert.equal(await countRows(db, 'retention_due WHERE record_id = $1', [gone.familyId]), 0);
    });

    it('writes an audit row with ids and counts but none of the deleted personal data', async () => {
      const family = await createRecordedFamily(db, {
        enteredOn: '2001-01-01',
        children: [{ dateOfBirth: '2000-03-07', givenName: 'Kerensa' }],
      });
      await service().refreshDue();
      await service().dispose(manager, { records: [`family:${family.familyId}`] });
      const rows = await db.query<{ row: string }>(
        `SELECT row_to_json(a)::text AS row FROM audit_events a WHERE event = 'retention.disposed' AND subject_id = $1`,
        [family.familyId],
      );
      assert.equal(rows.length, 1);
      for (const personal of ['Kerensa', 'Morwenna', 'Tregarthen', '2000-03-07', '2025-03-07', '1985-04-02'])
        assert.ok(!rows[0]!.row.includes(personal), `the audit row does not contain ${personal}`);
      assert.match(rows[0]!.row, /"people": ?2/);
    });

    it('deletes a review’s file, including the agencies’ returns, and leaves other reviews alone', async () => {
      const gone = await createClosedReview(db, { closedOn: '2005-01-01' });
      const kept = await createClosedReview(db, { closedOn: '2005-01-01' });
      await service().refreshDue();
      const result = await service().dispose(manager, { records: [`review:${gone.reviewId}`] });
      assert.equal(result.disposed[0]!.counts.informationRequests, 1);
      assert.equal(await countRows(db, 'reviews WHERE id = $1', [gone.reviewId]), 0);
      assert.equal(await countRows(db, 'information_requests WHERE review_id = $1', [gone.reviewId]), 0);
      assert.equal(await countRows(db, 'recommendations WHERE review_id = $1', [gone.reviewId]), 0);
      assert.equal(await countRows(db, 'reviews WHERE id = $1', [kept.reviewId]), 1);
      assert.equal(await countRows(db, 'information_requests WHERE review_id = $1', [kept.reviewId]), 1);
    });

    it('keeps a published review’s report in the library, without its link to the disposed review', async () => {
      const gone = await createClosedReview(db, { closedOn: '2005-01-01', subjectRef: 'Baby L' });
      const [entry] = await db.query<{ id: string }>(
        `INSERT INTO library_reviews (title, review_type, review_id, body)
         VALUES ('Learning review: Baby L', 'rapid-review', $1, 'The anonymised, checked report') RETURNING id`,
        [gone.reviewId],
      );
      await service().refreshDue();
      await service().dispose(manager, { records: [`review:${gone.reviewId}`] });
      const [kept] = await db.query<{ reviewId: string | null; body: string }>(
        'SELECT review_id AS "reviewId", body FROM library_reviews WHERE id = $1',
        [entry!.id],
      );
      assert.deepEqual(kept, { reviewId: null, body: 'The anonymised, checked report' });
    });

    it('leaves alone a selected record that was kept or became active after the list was made', async () => {
      const kept = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
      const flagged = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
      await service().refreshDue();
      await service().keep(manager, 'family', kept.familyId, {
        reason: 'Subject access request',
        reviewDate: '2027-01-01',
      });
      await db.query(
        `INSERT INTO flags (person_id, type_code, raised_by, raised_by_organisation) VALUES ($1, 'safer-sleep-risk', $2, $3)`,
        [flagged.motherId, flagged.userId, flagged.organisationId],
      );
      const result = await service().dispose(manager, {
        records: [`family:${kept.familyId}`, `family:${flagged.familyId}`],
      });
      assert.deepEqual(result, { disposed: [], skipped: 2 });
      assert.equal(
        await countRows(db, 'families WHERE id = ANY($1::uuid[])', [[kept.familyId, flagged.familyId]]),
        2,
      );
    });

    it('asks for a selection when none or a made-up one is sent', async () => {
      await assert.rejects(service().selection(manager, {}), ValidationFailed);
      await assert.rejects(service().selection(manager, { records: 'family:nonsense' }), ValidationFailed);
    });
  });

  it('lets only the business unit see the list, keep or dispose', async () => {
    for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as const) {
      const actor = await createActor(db, role);
      await assert.rejects(service().overview(actor), Forbidden);
      await assert.rejects(service().dispose(actor, { records: [] }), Forbidden);
    }
  });

  it('makes the same list however often the scan runs, even two at once', async () => {
    await createRecordedFamily(db, { enteredOn: '2001-01-01' });
    await service().refreshDue();
    const before = await countRows(db, 'retention_due');
    const [a, b] = await Promise.all([service().refreshDue(), service().refreshDue()]);
    assert.deepEqual(
      [a, b],
      [
        { added: 0, removed: 0 },
        { added: 0, removed: 0 },
      ],
    );
    assert.equal(await countRows(db, 'retention_due'), before);
  });
});
