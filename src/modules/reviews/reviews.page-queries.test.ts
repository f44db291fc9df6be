import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createAction,
  createActor,
  createLearningPoint,
  createOrganisation,
  createRecommendation,
  createReview,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { countQueries, type QueryCounter } from '../../../test/query-count.ts';
import { createAttendance, createSession } from '../training/training.test-support.ts';

/** The section of the page about one recommendation (its summary card). */
const cardOf = (html: string, number: number) =>
  html.split(`id="recommendation-${number}"`)[1]?.split('</section>')[0] ?? '';

describe('GET /reviews/:reviewId sends a fixed number of queries', () => {
  let t: TestContext;
  let counter: QueryCounter;
  let manager: Actor;
  let trustLead: Actor;
  let practitioner: Actor;
  let trustId: string;
  let reviewer: Actor;
  let forumId: string;
  before(async () => {
    t = await buildTestApp({}, { wrapDb: (db) => (counter = countQueries(db)).db });
    manager = await createActor(t.db, 'business-unit');
    trustId = (await createOrganisation(t.db, 'nhs-trust')).id;
    trustLead = await createActor(t.db, 'organisation-lead', trustId);
    practitioner = await createActor(t.db, 'practitioner', trustId);
    reviewer = await createActor(t.db, 'reviewer');
    forumId = (await t.services.forums.create(manager, { name: 'GP Forum', purpose: 'Learning' })).id;
  });
  after(() => t.close());

  /**
   * A review of `n` recommendations, each with a learning point, the trust's action (owned by its
   * practitioner), a linked
   * practice measure, a published briefing (and a draft one), a course attended in the last year, a
   * forum discussion and a campaign: every kind of evidence the page reads per recommendation.
   */
  async function reviewWith(n: number) {
    const review = await createReview(t.db, { subjectRef: `Child N${n}`, reviewerIds: [reviewer.id] });
    await t.db.query(
      `UPDATE reviews SET summary = 'What happened.', conclusion = 'What we found.' WHERE id = $1`,
      [review.id],
    );
    for (let i = 1; i <= n; i++) {
      const label = `${n}.${i}`;
      const point = await createLearningPoint(t.db, review.id, `Learning point ${label}`);
      const rec = await createRecommendation(t.db, review.id, `Recommendation ${label}`);
      await t.db.query('INSERT INTO recommendation_learning_points VALUES ($1, $2)', [rec.id, point.id]);
      await createAction(t.db, {
        recommendationId: rec.id,
        organisationId: trustId,
        ownerUserId: practitioner.id,
      });
      await t.services.recommendationMeasures.link(manager, rec.id, { measures: ['safer-sleep-postnatal'] });
      const links = { reviewId: review.id, learningPointIds: [point.id], recommendationIds: [rec.id] };
      const draft = await t.services.briefings.createDraft(manager, { ...links, title: `Briefing ${label}` });
      await t.services.briefings.publish(manager, draft.id, {
        version: draft.version,
        organisationIds: [trustId],
      });
      await t.services.briefings.createDraft(manager, { ...links, title: `Unpublished ${label}` });
      const course = await t.services.training.createCourse(manager, { title: `Course ${label}` });
      await t.services.training.addScenario(manager, course.id, {
        title: 'Scenario',
        scenario: 'What would you do?',
        learningPointIds: [point.id],
      });
      await createAttendance(t.db, await createSession(t.db, course.id, -10), trustLead);
      const meeting = await t.services.forumMeetings.schedule(manager, forumId, {
        meetingDate: addDays(londonToday(), -3),
        startTime: '09:00',
        format: 'online',
      });
      await t.services.forumMeetings.addAgendaItem(manager, forumId, meeting.id, {
        title: `Discussion ${label}`,
        learningPointId: point.id,
      });
      await t.services.campaigns.create(manager, { title: `Campaign ${label}`, recommendationIds: [rec.id] });
    }
    return review;
  }

  it('sends as many for a review of five recommendations, each with evidence of every kind, as for a review of one, to every role that may see it', async (ctx) => {
    const one = await reviewWith(1);
    const five = await reviewWith(5);
    const readers = [manager, trustLead, reviewer, await createActor(t.db, 'board-member'), practitioner];
    for (const reader of readers) {
      const browser = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
      const view = async (reviewId: string) => {
        counter.reset();
        const page = await browser.get(`/reviews/${reviewId}`);
        assert.equal(page.statusCode, 200, `${reader.role} sees the review`);
        return { page: page.body, queries: counter.statements.length };
      };
      // Once each first, so nothing cached on a first view counts against either.
      await view(one.id);
      await view(five.id);
      const small = await view(one.id);
      const large = await view(five.id);
      ctx.diagnostic(`${reader.role}: ${small.queries} queries for 1 recommendation, ${large.queries} for 5`);
      assert.equal(
        large.queries,
        small.queries,
        `${reader.role}: the query count grows with recommendations`,
      );

      // The evidence is all there, and drafts stay hidden: the count is not equal for want of reading it.
      for (let i = 1; i <= 5; i++) {
        const card = cardOf(large.page, i);
        for (const shown of [`Briefing 5.${i}<`, `Course 5.${i}<`, `Discussion 5.${i}<`, `Campaign 5.${i}<`])
          assert.ok(card.includes(shown), `${reader.role}: card ${i} shows ${shown}`);
        assert.match(card, /Practice measures \(whole partnership\)/);
        assert.match(card, /Audit safer-sleep records/);
      }
      assert.doesNotMatch(large.page, /Unpublished 5\./);
    }
  });
});
