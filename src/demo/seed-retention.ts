import type { Queryable } from '../platform/db/index.ts';
import { DEFAULT_POLICY } from '../modules/clocks/index.ts';
import { createRetentionRepository } from '../modules/retention/index.ts';
import { londonToday } from '../platform/clock.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * A fictional family record past its retention date, so the "Records due for disposal" page has
 * something to decide in the demo: the Pellow family's, whose son turned 25 in 2024 and whose last
 * entry was in 2016. Then the list is made, as the nightly job would. (No old review: the demo's two
 * reviews are counted by other suites, and a third would change the tracker's figures.)
 */
export async function seedDemoRetention(tx: Queryable, ids: DemoIds): Promise<void> {
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
