import type { Queryable } from '../platform/db/index.ts';
import { findIdentifiers } from '../modules/publication-check/index.ts';
import { createPublishingRepository, placeOf } from '../modules/publishing/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** Anonymised references the report uses for the family, which the publication check allows. */
const ALLOWED = ['Mother', 'Father', 'Sibling 1'];

/**
 * The draft final report of the Baby T review (fictional, about 600 words). Two slips a real
 * draft might have, for the demo's publication check to find: a midwife named instead of described
 * by role, and the family's postcode.
 */
export const BABY_T_REPORT = [
  'Brookvale Safeguarding Children Partnership. Local child safeguarding practice review: Baby T.',
  'Introduction. This review looks at the help given to Baby T and the family in the months before Baby T died suddenly and unexpectedly, aged two months, while sleeping in the parents’ bed after a family gathering. The review was commissioned by the partnership after the rapid review found that agencies could learn about how safer-sleep advice is given, repeated and checked when circumstances change. The family are referred to as Mother, Father and Sibling 1. Professionals are referred to by their role.',
  'The family. Baby T lived with Mother, Father and Sibling 1, who was four years old. The family had lost a baby shortly after birth in an earlier pregnancy, and the maternity unit placed a purple butterfly on Baby T’s record so that every professional would know. Mother and Father told the review that they valued the care they received, and that they had heard the safer-sleep advice more than once. They also said that nobody had asked them what they would do when the routine at home changed.',
  'What happened. Mother booked with the community midwife early in the pregnancy. Safer-sleep advice was given at booking and recorded. Mrs Pennington, the community midwife, visited after the birth and gave the advice again, with a leaflet. The health visitor carried out the new-birth visit at the family home in BV4 7QT and saw a cot in the parents’ bedroom. The GP saw Baby T twice for feeding difficulties. On the night Baby T died, the family had been at a gathering for a relative’s birthday. Father had been drinking alcohol. Baby T was brought into the parents’ bed for a feed in the early hours and was found unresponsive in the morning.',
  'Analysis. Every professional who met the family gave safer-sleep advice, and recorded it. The review found that the advice was given as a single message at the start of Baby T’s life, and was not revisited when the family’s circumstances changed. Practitioners did not routinely ask about plans for nights away from home, visitors, celebrations or times when a parent might have been drinking. The purple butterfly was seen by maternity staff but was not visible to the health visitor or the GP, because their records systems did not show it. Professionals did not share with each other that Father had told the GP about feeling low after the loss of the earlier baby.',
  'Good practice. The community midwife and the health visitor both gave clear advice and checked that the parents understood it. The ambulance service and the emergency department followed the sudden unexpected death in infancy procedure promptly and with compassion. The bereavement support offered to the family was timely.',
  'Findings. First, safer-sleep conversations need to be repeated and adapted when routines change, not given once. Second, the risk from a parent drinking alcohol before sharing a bed with a baby is not well understood by families, and professionals do not always ask. Third, information that tells professionals a family is grieving a previous loss must be visible to everyone caring for them. Fourth, fathers and male carers are too often absent from conversations about safe sleep.',
  'Recommendations. The partnership should ask the community health trust and the maternity unit to make safer-sleep conversations part of every contact in the first six months, with prompts about disrupted routines and alcohol. The Integrated Care Board should make sure that a purple butterfly on a record can be seen in GP and health-visiting systems. Every agency should make sure that fathers and male carers are invited to, and included in, safer-sleep conversations. The partnership should run a campaign for families about safer sleep at celebrations and on nights away from home.',
  'Conclusion. Baby T’s death could not have been predicted. Professionals worked hard to help the family, and the family told the review that they felt supported. The learning from this review is about making good advice stick when life does not follow the usual routine, and about making sure that everyone who cares for a family knows what that family has been through.',
].join('\n\n');

/**
 * The Baby T review (at final report in the demo) gets its draft report with two open findings
 * from the publication check, its learning briefing chosen, and the family's references allowed:
 * the publication workflow is ready to show, and the review cannot be published until it is done.
 */
export async function seedPublishing(tx: Queryable, ids: DemoIds): Promise<void> {
  const [review] = await tx.query<{ id: string; subjectRef: string }>(
    `SELECT id, subject_ref AS "subjectRef" FROM reviews WHERE subject_ref = 'Baby T' AND status = 'final-report' LIMIT 1`,
  );
  if (!review) return;
  const manager = ids.users.manager ?? null;
  const repo = createPublishingRepository();
  const [briefing] = await tx.query<{ id: string }>(
    `SELECT id FROM briefings WHERE review_id = $1 AND status = 'published' ORDER BY created_at LIMIT 1`,
    [review.id],
  );
  // The subject reference is no longer allowed automatically; the public title is left for the demo to set.
  const allowed = [review.subjectRef, ...ALLOWED];
  await repo.saveSettings(
    tx,
    review.id,
    { allowed, briefingId: briefing?.id ?? null, publicTitle: null },
    manager!,
  );
  const documentId = await repo.insertDocument(tx, {
    reviewId: review.id,
    document: 'report',
    text: BABY_T_REPORT,
    createdBy: manager!,
  });
  const found = findIdentifiers(BABY_T_REPORT, { allowed });
  for (const f of found)
    await repo.insertFinding(tx, review.id, 'report', { ...placeOf(BABY_T_REPORT, f), documentId });
}
