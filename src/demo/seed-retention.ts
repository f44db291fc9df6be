import type { Queryable } from '../platform/db/index.ts';
import { DEFAULT_POLICY } from '../modules/clocks/index.ts';
import { createRetentionRepository } from '../modules/retention/index.ts';
import { londonToday } from '../platform/clock.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * Two fictional records past their retention date, so the "Records due for disposal" page has
 * something to decide in the demo: a serious case review closed in 2009, and the Pellow family's
 * record, whose son turned 25 in 2024 and whose last entry was in 2016. Then the list is made, as
 * the nightly job would.
 */
export async function seedDemoRetention(tx: Queryable, ids: DemoIds): Promise<void> {
  const [review] = await tx.query<{ id: string }>(
    `INSERT INTO reviews (type, status, subject_ref, age_band, incident_date, aware_date, summary, closed_date,
       created_at, updated_at)
     VALUES ('scr', 'closed', 'Child H', '1-4', '2007-02-12', '2007-02-14',
       'A serious case review completed before the 2018 arrangements.', '2009-05-12', '2007-03-01', '2009-05-12')
     RETURNING id`,
  );
  const [rec] = await tx.query<{ id: string }>(
    `INSERT INTO recommendations (review_id, number, text)
     VALUES ($1, 1, 'Health visitors check who else looks after the child') RETURNING id`,
    [review!.id],
  );
  await tx.query(
    `INSERT INTO actions (recommendation_id, organisation_id, description, due_date, original_due_date, status, closed_at)
     VALUES ($1, $2, 'Add other carers to the health visiting record template', '2008-12-31', '2008-12-31', 'closed', '2008-11-20')`,
    [rec!.id, ids.orgs.community],
  );

  const on = '2016-03-09';
  const [family] = await tx.query<{ id: string }>(
    'INSERT INTO families (created_by, created_at) VALUES ($1, $2) RETURNING id',
    [ids.users.community, '2015-10-01'],
  );
  const person = async (relationship: string, givenName: string, dateOfBirth: string, motherId?: string) =>
    (
      await tx.query<{ id: string }>(
        `INSERT INTO people (family_id, relationship, given_name, family_name, date_of_birth, mother_id, created_at, updated_at)
         VALUES ($1, $2, $3, 'Pellow', $4, $5, $6, $6) RETURNING id`,
        [family!.id, relationship, givenName, dateOfBirth, motherId ?? null, on],
      )
    )[0]!.id;
  const mother = await person('mother', 'Tamsin', '1978-06-03');
  await person('sibling', 'Jory', '1999-08-20', mother);
  await tx.query(
    'INSERT INTO person_organisations (person_id, organisation_id, added_by, added_at) VALUES ($1, $2, $3, $4)',
    [mother, ids.orgs.community, ids.users.community, on],
  );

  const retention = createRetentionRepository();
  await retention.replaceDue(tx, await retention.candidates(tx, DEFAULT_POLICY, londonToday()));
}
