/** Synthetic data for `npm run bench:flags`, generated in SQL (generate_series) in seconds. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/platform/db/index.ts';
import { hashToken } from '../src/modules/fhir/system-tokens.service.ts';

/** How generatePeople names people: SQL expressions over `rn`, the person's number from 1. */
export interface PeopleNames {
  givenName: string;
  familyName: string;
}

/**
 * Families of four, a mother and her baby in each, with valid synthetic NHS numbers: one statement per
 * table, all in SQL. People are numbered 1..people (`md5('p' || rn)::uuid`), families 1..people/4
 * (`md5('f' || n)::uuid`), so callers can link to them without reading them back.
 */
export async function generatePeople(
  db: Db,
  people: number,
  names: PeopleNames = { givenName: "'Bench'", familyName: "'Person' || rn" },
): Promise<void> {
  const families = Math.ceil(people / 4);
  await db.exec(`
    INSERT INTO families (id) SELECT md5('f' || g)::uuid FROM generate_series(1, ${families}) g;
    -- Synthetic NHS numbers: 9 digits from 990000000 up, the modulus 11 check digit computed here,
    -- numbers whose check digit would be 10 skipped (they are not valid NHS numbers).
    INSERT INTO people (id, family_id, relationship, nhs_number, given_name, family_name, date_of_birth, mother_id)
    SELECT md5('p' || rn)::uuid, md5('f' || ((rn - 1) / 4 + 1))::uuid,
           CASE rn % 4 WHEN 1 THEN 'mother' WHEN 0 THEN 'baby' ELSE 'sibling' END,
           b || CASE c WHEN 11 THEN 0 ELSE c END, ${names.givenName}, ${names.familyName}, date '2015-01-01' + (rn % 3000)::int,
           CASE WHEN rn % 4 = 0 THEN md5('p' || (rn - 3))::uuid END
      FROM (SELECT row_number() OVER (ORDER BY g) AS rn, b, c FROM (
              SELECT g, b, 11 - ((substr(b,1,1)::int*10 + substr(b,2,1)::int*9 + substr(b,3,1)::int*8
                + substr(b,4,1)::int*7 + substr(b,5,1)::int*6 + substr(b,6,1)::int*5 + substr(b,7,1)::int*4
                + substr(b,8,1)::int*3 + substr(b,9,1)::int*2) % 11) AS c
                FROM (SELECT g, (990000000 + g)::text AS b FROM generate_series(1, ${Math.ceil(people * 1.15)}) g) s
            ) n WHERE c <> 10) x
     WHERE rn <= ${people};`);
}

/** The benchmark's data: generatePeople, one organisation involved with every family, flags. */
export async function generate(db: Db, people: number): Promise<void> {
  const flags = Math.round(people / 5);
  const families = Math.ceil(people / 4);
  await db.exec(`
    INSERT INTO organisations (id, name, type) VALUES
      ('00000000-0000-4000-8000-000000000001', 'Bench Acute Trust', 'nhs-trust');
    INSERT INTO users (id, email, name, role, organisation_id, password_hash) VALUES
      ('00000000-0000-4000-8000-000000000002', 'bench@bench.test', 'Bench Midwife', 'practitioner',
       '00000000-0000-4000-8000-000000000001', 'x');`);
  await generatePeople(db, people);
  await db.exec(`
    -- The benchmark's organisation is involved with every family (its own patients: no notifications).
    INSERT INTO person_organisations (person_id, organisation_id)
    SELECT md5('p' || (4 * g - 3))::uuid, '00000000-0000-4000-8000-000000000001'
      FROM generate_series(1, ${families}) g WHERE 4 * g - 3 <= ${people};
    -- Flags on every fifth person; one in ten has ended.
    INSERT INTO flags (person_id, type_code, raised_by, raised_by_organisation, raised_at, ended_at)
    SELECT md5('p' || (5 * g))::uuid,
           (ARRAY['purple-butterfly','unborn-baby-network','safer-sleep-risk','child-protection-plan'])[g % 4 + 1],
           '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
           now() - (g % 700) * interval '1 day', CASE WHEN g % 10 = 0 THEN now() END
      FROM generate_series(1, ${flags}) g;`);
  // As a live database would be: statistics gathered, hint bits set and dirty pages written, so the
  // first reads of freshly loaded rows do not write (which would load the first run measured).
  await db.exec('VACUUM ANALYZE');
  await db.exec('CHECKPOINT');
}

export async function issueToken(db: Db): Promise<string> {
  const token = `lst_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `INSERT INTO system_tokens (token_hash, organisation_id, name, created_by)
     VALUES ($1, '00000000-0000-4000-8000-000000000001', 'Bench system', '00000000-0000-4000-8000-000000000002')`,
    [hashToken(token)],
  );
  return token;
}
