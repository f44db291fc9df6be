import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * Baby T's serious incident notification, as the council sent it to the National Panel. Its dates
 * (incident, awareness, notification) are the review's, seeded with the review.
 */
export async function seedDemoIncidentNotification(tx: Queryable, ids: DemoIds): Promise<void> {
  const [review] = await tx.query<{ id: string }>(
    "SELECT id FROM reviews WHERE subject_ref = 'Baby T' ORDER BY created_at LIMIT 1",
  );
  if (!review) return;
  const [notification] = await tx.query<{ id: string }>(
    `INSERT INTO incident_notifications
       (review_id, incident_category, description, abuse_or_neglect, other_agencies, submitted_by, created_by)
     VALUES ($1, 'sudden-unexpected-death-in-infancy', $2, 'suspected', $3, $4, $5) RETURNING id`,
    [
      review.id,
      'Baby T, aged two months, was found unresponsive in the parents’ bed early in the morning after a ' +
        'family celebration, while the family were staying with relatives. Baby T was taken to hospital by ' +
        'ambulance and pronounced dead. A parent had drunk alcohol. Neglect is suspected while the police ' +
        'and the child death review process establish what happened. Two older siblings live at home.',
      'West Brookvale Ambulance Service (attended the call); the coroner’s officer',
      'Grace Okafor, Head of safeguarding, children’s services',
      ids.users.manager,
    ],
  );
  await tx.query(
    `INSERT INTO incident_notification_children
       (notification_id, position, reference, age_band, sex, ethnicity, outcome, social_care)
     VALUES ($1, 1, 'Baby T', 'under-1', 'male', 'white', 'died', 'not-known')`,
    [notification!.id],
  );
  for (const org of ['acute', 'community', 'riverside', 'police']) {
    await tx.query(
      'INSERT INTO incident_notification_agencies (notification_id, organisation_id) VALUES ($1, $2)',
      [notification!.id, ids.orgs[org]],
    );
  }
}
