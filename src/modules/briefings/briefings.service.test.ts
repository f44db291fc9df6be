import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { londonToday } from '../../platform/clock.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { briefingWorld, publishedBriefing } from './briefings.test-support.ts';

describe('briefings service', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const auditOf = (id: string) =>
    db.query<{ event: string; actorUserId: string }>(
      `SELECT event, actor_user_id AS "actorUserId" FROM audit_events WHERE subject_type = 'briefing' AND subject_id = $1 ORDER BY id`,
      [id],
    );

  it('drafts from the review: summary, findings and conclusion, numbered learning points and recommendations, all linked', async () => {
    const w = await briefingWorld(db);
    const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.title, 'Learning from the review of Baby T');
    assert.match(draft.background, /local child safeguarding practice review about Baby T/);
    assert.equal(
      draft.whatHappened,
      'Baby T died while sleeping in the parents’ bed after a family gathering.',
    );
    assert.equal(
      draft.findings,
      '1. The night was out of routine.\n\nOverall conclusion: No significant deficit in services.',
    );
    assert.equal(
      draft.learning,
      '1. The father was not given safer-sleep advice.\n2. Advice did not cover alcohol and disrupted routines.',
    );
    assert.equal(
      draft.whatToDoDifferently,
      '1. Give safer-sleep advice to both parents.\n2. Run case-based training for GP practices.',
    );
    assert.deepEqual(
      draft.learningPoints.map((p) => p.id),
      [w.lp1.id, w.lp2.id],
    );
    assert.deepEqual(
      draft.recommendations.map((p) => p.id),
      [w.rec1.id, w.rec2.id],
    );
    assert.deepEqual(
      (await auditOf(draft.id)).map((a) => a.event),
      ['briefing.created'],
    );
  });

  it('lets only the business unit draft, and refuses a review that does not exist', async () => {
    const w = await briefingWorld(db);
    await assert.rejects(services.briefings.createDraft(w.gpLead, { reviewId: w.review.id }), Forbidden);
    await assert.rejects(services.briefings.createDraft(w.board, { reviewId: w.review.id }), Forbidden);
    await assert.rejects(
      services.briefings.createDraft(w.bu, { reviewId: '00000000-0000-4000-8000-000000000000' }),
      (err: unknown) => err instanceof ValidationFailed && err.fields[0]!.path === 'reviewId',
    );
  });

  it('keeps a draft from everyone but the business unit (404), in the list too', async () => {
    const w = await briefingWorld(db);
    const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    await assert.rejects(services.briefings.get(w.gpLead, draft.id), NotFound);
    await assert.rejects(services.briefings.get(w.board, draft.id), NotFound);
    const own = await services.briefings.list(w.bu, { reviewId: w.review.id });
    assert.deepEqual(
      own.items.map((b) => b.id),
      [draft.id],
    );
    assert.equal((await services.briefings.list(w.board, { reviewId: w.review.id })).total, 0);
  });

  it('saves edits with the version, refuses a stale one (409) and links from another review', async () => {
    const w = await briefingWorld(db);
    const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    const saved = await services.briefings.update(w.bu, draft.id, {
      version: draft.version,
      title: 'Safer sleep: learning from Baby T',
      learningPointIds: [w.lp1.id],
      recommendationIds: [],
    });
    assert.equal(saved.version, draft.version + 1);
    assert.equal(saved.title, 'Safer sleep: learning from Baby T');
    assert.deepEqual(
      saved.learningPoints.map((p) => p.id),
      [w.lp1.id],
    );
    assert.equal(saved.recommendations.length, 0);
    await assert.rejects(
      services.briefings.update(w.bu, draft.id, { version: draft.version, title: 'Stale' }),
      Conflict,
    );
    await assert.rejects(
      services.briefings.update(w.bu, draft.id, { version: saved.version, title: '' }),
      (err: unknown) => err instanceof ValidationFailed && err.fields[0]!.message === 'Enter a title',
    );
    const elsewhere = await briefingWorld(db);
    await assert.rejects(
      services.briefings.update(w.bu, draft.id, {
        version: saved.version,
        recommendationIds: [elsewhere.rec1.id],
      }),
      (err: unknown) => err instanceof ValidationFailed && err.fields[0]!.path === 'recommendationIds',
    );
    assert.deepEqual(
      (await auditOf(draft.id)).map((a) => a.event),
      ['briefing.created', 'briefing.updated'],
    );
  });

  it('publishes to at least one organisation, needs the sections written, and notifies each lead', async () => {
    const w = await briefingWorld(db);
    const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    await assert.rejects(
      services.briefings.publish(w.bu, draft.id, { version: draft.version, organisationIds: [] }),
      (err: unknown) =>
        err instanceof ValidationFailed && err.fields[0]!.message === 'Select at least one organisation',
    );
    await assert.rejects(
      services.briefings.publish(w.gpLead, draft.id, { version: draft.version, organisationIds: [w.gp.id] }),
      NotFound,
    );
    const emptied = await services.briefings.update(w.bu, draft.id, { version: draft.version, learning: '' });
    await assert.rejects(
      services.briefings.publish(w.bu, draft.id, { version: emptied.version, organisationIds: [w.gp.id] }),
      (err: unknown) =>
        err instanceof ValidationFailed &&
        err.fields.some((f) => f.path === 'learning' && /Add learning/.test(f.message)),
    );
    const ready = await services.briefings.update(w.bu, draft.id, {
      version: emptied.version,
      learning: 'Talk to both parents.',
    });
    const published = await services.briefings.publish(w.bu, draft.id, {
      version: ready.version,
      organisationIds: [w.gp.id, w.trust.id],
    });
    assert.equal(published.status, 'published');
    assert.equal(published.publishedDate, londonToday());
    assert.deepEqual(published.reach, { organisations: 2, confirmed: 0, acknowledgements: 0 });
    const notes = await db.query<{ userId: string; kind: string; link: string }>(
      `SELECT user_id AS "userId", kind, link FROM notifications WHERE link = $1 ORDER BY user_id`,
      [`/briefings/${draft.id}`],
    );
    assert.deepEqual(notes.map((n) => n.userId).sort(), [w.gpLead.id, w.trustLead.id].sort());
    assert.ok(notes.every((n) => n.kind === 'briefing-published'));
    await assert.rejects(
      services.briefings.update(w.bu, draft.id, { version: published.version, title: 'Changed' }),
      Conflict,
    );
    assert.equal((await auditOf(draft.id)).at(-1)!.event, 'briefing.published');
    // Published: every signed-in user reads it, the board included.
    assert.equal((await services.briefings.get(w.board, draft.id)).title, published.title);
  });

  it('lets the lead of a recipient organisation confirm sharing once, and nobody else', async () => {
    const w = await briefingWorld(db);
    const b = await publishedBriefing(services, w);
    await assert.rejects(
      services.briefings.confirmShared(w.gpStaff, b.id, { sharedDate: londonToday() }),
      Forbidden,
    );
    const outsider = await (
      await import('../../../test/factories.ts')
    ).createActor(db, 'organisation-lead', w.other.id);
    await assert.rejects(
      services.briefings.confirmShared(outsider, b.id, { sharedDate: londonToday() }),
      Forbidden,
    );
    await assert.rejects(
      services.briefings.confirmShared(w.gpLead, b.id, { sharedDate: '2001-01-01' }),
      (err: unknown) =>
        err instanceof ValidationFailed && /on or after the day it was published/.test(err.message),
    );
    assert.equal((await services.briefings.get(w.gpLead, b.id)).canConfirm, true);
    const confirmed = await services.briefings.confirmShared(w.gpLead, b.id, {
      sharedDate: londonToday(),
      how: 'Practice meeting',
    });
    const gp = confirmed.recipients.find((r) => r.organisationId === w.gp.id)!;
    assert.equal(gp.sharedDate, londonToday());
    assert.equal(gp.sharedHow, 'Practice meeting');
    assert.equal(gp.confirmedByName, w.gpLead.name);
    assert.equal(confirmed.canConfirm, false);
    await assert.rejects(
      services.briefings.confirmShared(w.gpLead, b.id, { sharedDate: londonToday() }),
      Conflict,
    );
    const events = (await auditOf(b.id)).filter((a) => a.event === 'briefing.shared-confirmed');
    assert.deepEqual(
      events.map((a) => a.actorUserId),
      [w.gpLead.id],
    );
  });

  it('counts each reader of a recipient organisation once; outsiders and the board cannot acknowledge', async () => {
    const w = await briefingWorld(db);
    const b = await publishedBriefing(services, w);
    await services.briefings.acknowledge(w.gpStaff, b.id);
    const after = await services.briefings.acknowledge(w.gpLead, b.id);
    assert.equal(after.acknowledgedByMe, true);
    assert.equal(after.canAcknowledge, false);
    assert.equal(after.recipients.find((r) => r.organisationId === w.gp.id)!.acknowledgements, 2);
    assert.equal(after.reach.acknowledgements, 2);
    await assert.rejects(services.briefings.acknowledge(w.gpStaff, b.id), Conflict);
    await assert.rejects(services.briefings.acknowledge(w.otherStaff, b.id), Forbidden);
    await assert.rejects(services.briefings.acknowledge(w.board, b.id), Forbidden);
    assert.equal((await auditOf(b.id)).filter((a) => a.event === 'briefing.acknowledged').length, 2);
  });

  it('gives each published briefing linked to a recommendation as evidence of learning, with its reach', async () => {
    const w = await briefingWorld(db);
    const b = await publishedBriefing(services, w);
    await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    await services.briefings.confirmShared(w.trustLead, b.id, { sharedDate: londonToday() });
    await services.briefings.acknowledge(w.gpStaff, b.id);
    const evidence = await services.briefings.learningEvidence(w.board, w.rec1.id);
    assert.deepEqual(evidence, [
      {
        kind: 'briefing',
        title: b.title,
        href: `/briefings/${b.id}`,
        detail: 'Shared by 1 of 2 organisations; 1 member of staff has read it',
        date: londonToday(),
      },
    ]);
    assert.deepEqual(await services.briefings.learningEvidence(w.board, 'not-an-id'), []);
  });
  it('gives a published briefing’s title and sections as plain text, and nothing for a draft', async () => {
    const w = await briefingWorld(db);
    const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    assert.equal(await services.briefings.publishedText(draft.id), null);
    const b = await publishedBriefing(services, w);
    const text = await services.briefings.publishedText(b.id);
    assert.equal(text?.title, b.title);
    assert.equal(text?.reviewId, w.review.id);
    assert.deepEqual(
      text?.sections.map((s) => s.heading),
      [
        'Background',
        'What happened',
        'Findings',
        'Learning',
        'What to do differently',
        'Questions for reflection',
      ],
      'the empty further reading is left out',
    );
    assert.equal(text?.sections[1]?.text, b.whatHappened);
    assert.deepEqual(Object.keys(text ?? {}).sort(), ['id', 'reviewId', 'sections', 'title']);
    assert.equal(await services.briefings.publishedText('not-an-id'), null);
  });
});
