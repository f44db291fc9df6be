import {
  createActor,
  createLearningPoint,
  createOrganisation,
  createRecommendation,
  createReview,
} from '../../../test/factories.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Services } from '../../composition.ts';

/**
 * A review with a summary, a conclusion, one finding, two learning points and two
 * recommendations; a business-unit actor; two organisations (each with a lead and a practitioner)
 * and a third organisation the briefing is not sent to.
 */
export async function briefingWorld(db: Db) {
  const review = await createReview(db, { subjectRef: 'Baby T', type: 'lcspr', status: 'final-report' });
  await db.query(`UPDATE reviews SET summary = $2, conclusion = $3 WHERE id = $1`, [
    review.id,
    'Baby T died while sleeping in the parents’ bed after a family gathering.',
    'No significant deficit in services.',
  ]);
  await db.query(
    `INSERT INTO review_points (review_id, kind, number, text) VALUES ($1, 'finding', 1, 'The night was out of routine.')`,
    [review.id],
  );
  const lp1 = await createLearningPoint(db, review.id, 'The father was not given safer-sleep advice.');
  const lp2 = await createLearningPoint(
    db,
    review.id,
    'Advice did not cover alcohol and disrupted routines.',
  );
  const rec1 = await createRecommendation(db, review.id, 'Give safer-sleep advice to both parents.');
  const rec2 = await createRecommendation(db, review.id, 'Run case-based training for GP practices.');
  const bu = await createActor(db, 'business-unit');
  const gp = await createOrganisation(db, 'gp-practice');
  const trust = await createOrganisation(db, 'nhs-trust');
  const other = await createOrganisation(db, 'school');
  return {
    review,
    lp1,
    lp2,
    rec1,
    rec2,
    bu,
    gp,
    trust,
    other,
    gpLead: await createActor(db, 'organisation-lead', gp.id),
    gpStaff: await createActor(db, 'practitioner', gp.id),
    trustLead: await createActor(db, 'organisation-lead', trust.id),
    otherStaff: await createActor(db, 'practitioner', other.id),
    board: await createActor(db, 'board-member'),
  };
}

/** A draft from the world's review, published to the GP practice and the trust. */
export async function publishedBriefing(services: Services, w: Awaited<ReturnType<typeof briefingWorld>>) {
  const draft = await services.briefings.createDraft(w.bu, { reviewId: w.review.id });
  return services.briefings.publish(w.bu, draft.id, {
    version: draft.version,
    organisationIds: [w.gp.id, w.trust.id],
  });
}
