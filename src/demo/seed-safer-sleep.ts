import { randomUUID } from 'node:crypto';
import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** The demo baby whose safer-sleep record the browser tests open (a fixed id, so links can name it). */
export const DEMO_SAFER_SLEEP_BABY_ID = '5afe0000-0000-4000-8000-00000000b0b1';

/** Synthetic NHS numbers from the test range (999…) that pass the check digit. */
const NHS = { mother: '9994001019', father: '9994001027', baby: '9994001035' };

interface PersonRow {
  id?: string;
  familyId: string;
  relationship: string;
  nhsNumber?: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  motherId?: string | null;
  createdBy: string;
}

async function insertPerson(tx: Queryable, p: PersonRow, organisations: string[]): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO people (id, family_id, relationship, nhs_number, given_name, family_name, date_of_birth, mother_id, created_by)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      p.id ?? null,
      p.familyId,
      p.relationship,
      p.nhsNumber ?? null,
      p.givenName,
      p.familyName,
      p.dateOfBirth,
      p.motherId ?? null,
      p.createdBy,
    ],
  );
  for (const organisationId of organisations)
    await tx.query(
      'INSERT INTO person_organisations (person_id, organisation_id, added_by) VALUES ($1, $2, $3)',
      [row!.id, organisationId, p.createdBy],
    );
  return row!.id;
}

async function insertFamily(tx: Queryable, createdBy: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>('INSERT INTO families (created_by) VALUES ($1) RETURNING id', [
    createdBy,
  ]);
  return row!.id;
}

interface DemoAssessment {
  babyId: string;
  organisationId: string;
  practitionerId: string;
  contactDate: string;
  contactType: string;
  factors?: string[];
  advice?: string[];
  outOfRoutine?: string[];
  outOfRoutineNotes?: string;
  riskLevel?: string;
  plan?: string;
  people: { personId?: string; name?: string; relationship: string; present: boolean; advised: boolean }[];
}

async function insertContact(tx: Queryable, a: Omit<DemoAssessment, 'people'>): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `INSERT INTO contacts (id, person_id, organisation_id, practitioner_id, contact_date, contact_type)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, a.babyId, a.organisationId, a.practitionerId, a.contactDate, a.contactType],
  );
  return id;
}

async function insertAssessment(tx: Queryable, a: DemoAssessment): Promise<void> {
  const contactId = await insertContact(tx, a);
  const id = randomUUID();
  await tx.query(
    `INSERT INTO safer_sleep_assessments (id, person_id, contact_id, factor_codes, advice, out_of_routine,
            out_of_routine_notes, risk_level, plan, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      a.babyId,
      contactId,
      a.factors ?? [],
      a.advice ?? ['back-to-sleep', 'own-cot', 'never-sofa'],
      a.outOfRoutine ?? [],
      a.outOfRoutineNotes ?? '',
      a.riskLevel ?? 'low',
      a.plan ?? 'Repeat the advice at the next contact.',
      a.practitionerId,
    ],
  );
  for (const [position, p] of a.people.entries())
    await tx.query(
      `INSERT INTO safer_sleep_assessment_people (assessment_id, position, person_id, name, relationship, present, advised)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, position, p.personId ?? null, p.name ?? '', p.relationship, p.present, p.advised],
    );
}

/** The first day of the month `back` months before this one, and how many days to spread contacts over. */
function monthStart(back: number): { start: string; days: number } {
  const today = londonToday();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - back;
  const start = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return { start, days: back === 0 ? Number(today.slice(8, 10)) : 28 };
}

/**
 * A demo family with two safer-sleep assessments (antenatal by the maternity trust's named
 * midwife; the new-birth visit by the health visitor, with the father advised too), and a year of
 * synthetic contacts across the acute trust, the community trust and a GP practice, improving
 * month by month, so the measures dashboard shows a trend.
 */
export async function seedDemoSaferSleep(tx: Queryable, ids: DemoIds): Promise<void> {
  const { acute, community, riverside } = ids.orgs as Record<string, string>;
  const { trust: midwife, hv, gp } = ids.users as Record<string, string>;
  const today = londonToday();
  const involved = [acute!, community!];

  const familyId = await insertFamily(tx, midwife!);
  const family = { familyId, familyName: 'Hollins', createdBy: midwife! };
  const mother = await insertPerson(
    tx,
    {
      ...family,
      relationship: 'mother',
      nhsNumber: NHS.mother,
      givenName: 'Chloe',
      dateOfBirth: '1999-08-14',
    },
    involved,
  );
  const father = await insertPerson(
    tx,
    {
      ...family,
      relationship: 'father-or-partner',
      nhsNumber: NHS.father,
      givenName: 'Ryan',
      familyName: 'Brook',
      dateOfBirth: '1997-03-02',
    },
    involved,
  );
  const baby = await insertPerson(
    tx,
    {
      ...family,
      id: DEMO_SAFER_SLEEP_BABY_ID,
      relationship: 'baby',
      nhsNumber: NHS.baby,
      givenName: 'Baby',
      dateOfBirth: addDays(today, -12),
      motherId: mother,
    },
    involved,
  );
  await insertAssessment(tx, {
    babyId: baby,
    organisationId: acute!,
    practitionerId: midwife!,
    contactDate: addDays(today, -70),
    contactType: 'antenatal',
    factors: ['smoking', 'housing'],
    advice: ['back-to-sleep', 'own-cot', 'smoke-free', 'never-sofa'],
    outOfRoutine: ['visiting'],
    outOfRoutineNotes: 'Plans to stay at her mother’s flat for the first week; no cot there yet.',
    riskLevel: 'raised',
    plan: 'Referred to the stop-smoking service. Health visitor to check where the baby will sleep at Gran’s.',
    people: [{ personId: mother, relationship: 'mother', present: true, advised: true }],
  });
  await insertAssessment(tx, {
    babyId: baby,
    organisationId: community!,
    practitionerId: hv!,
    contactDate: addDays(today, -2),
    contactType: 'new-birth',
    factors: ['smoking', 'very-tired'],
    advice: [
      'back-to-sleep',
      'own-cot',
      'clear-cot',
      'smoke-free',
      'no-bed-sharing-when',
      'out-of-routine-plan',
    ],
    outOfRoutine: ['visiting', 'celebrations'],
    outOfRoutineNotes: 'Christening planned next month at the grandparents’ house.',
    riskLevel: 'raised',
    plan: 'Travel cot lent for visits. Both parents to smoke outside only. Review at 6 to 8 weeks.',
    people: [
      { personId: mother, relationship: 'mother', present: true, advised: true },
      { personId: father, relationship: 'father-or-partner', present: true, advised: true },
      { name: 'Maureen Hollins', relationship: 'carer', present: true, advised: true },
    ],
  });
  // Baby T's review recommended safer-sleep advice to both parents: its recommendation shows
  // whether that is happening.
  await tx.query(
    `INSERT INTO recommendation_measures (recommendation_id, measure_code, linked_by)
     SELECT rc.id, m.code, $1 FROM recommendations rc JOIN reviews r ON r.id = rc.review_id,
            unnest(ARRAY['safer-sleep-postnatal', 'safer-sleep-father-advised']) AS m(code)
      WHERE r.subject_ref = 'Baby T' AND rc.text LIKE 'Maternity and health visiting services should give safer-sleep advice%'`,
    [ids.users.manager],
  );
  await seedTrend(
    tx,
    { acute: acute!, community: community!, riverside: riverside! },
    { midwife: midwife!, hv: hv!, gp: gp! },
  );
}

/** Twelve months of synthetic contacts: assessment rates and fathers advised both rising. */
async function seedTrend(
  tx: Queryable,
  orgs: { acute: string; community: string; riverside: string },
  users: { midwife: string; hv: string; gp: string },
): Promise<void> {
  const babies: string[] = [];
  for (let i = 0; i < 8; i++) {
    const familyId = await insertFamily(tx, users.midwife);
    const base = { familyId, familyName: `Demofamily${i + 1}`, createdBy: users.midwife };
    const mother = await insertPerson(
      tx,
      { ...base, relationship: 'mother', givenName: 'Parent', dateOfBirth: '1995-01-01' },
      Object.values(orgs),
    );
    babies.push(
      await insertPerson(
        tx,
        {
          ...base,
          relationship: 'baby',
          givenName: 'Baby',
          dateOfBirth: addDays(londonToday(), -30 * i - 20),
          motherId: mother,
        },
        Object.values(orgs),
      ),
    );
  }
  const streams = [
    {
      organisationId: orgs.acute,
      practitionerId: users.midwife,
      contactType: 'antenatal',
      n: 12,
      from: 0.5,
      to: 0.9,
    },
    {
      organisationId: orgs.community,
      practitionerId: users.hv,
      contactType: 'new-birth',
      n: 5,
      from: 0.7,
      to: 1,
    },
    {
      organisationId: orgs.community,
      practitionerId: users.hv,
      contactType: 'postnatal',
      n: 6,
      from: 0.5,
      to: 0.9,
    },
    {
      organisationId: orgs.riverside,
      practitionerId: users.gp,
      contactType: 'postnatal',
      n: 6,
      from: 0.3,
      to: 0.7,
    },
    // A handful of antenatal contacts a month at the practice: shown as "fewer than 5".
    {
      organisationId: orgs.riverside,
      practitionerId: users.gp,
      contactType: 'antenatal',
      n: 3,
      from: 0.3,
      to: 0.7,
    },
  ];
  let k = 0;
  for (let back = 11; back >= 0; back--) {
    const { start, days } = monthStart(back);
    const progress = (11 - back) / 11;
    for (const s of streams) {
      const assessed = Math.round(s.n * (s.from + (s.to - s.from) * progress));
      const fathers = Math.round(assessed * (0.2 + 0.4 * progress));
      for (let i = 0; i < s.n; i++, k++) {
        const contact = {
          babyId: babies[k % babies.length]!,
          organisationId: s.organisationId,
          practitionerId: s.practitionerId,
          contactDate: addDays(start, (i * 7 + back) % days),
          contactType: s.contactType,
        };
        if (i >= assessed) {
          await insertContact(tx, contact);
          continue;
        }
        await insertAssessment(tx, {
          ...contact,
          riskLevel: i % 9 === 0 ? 'raised' : 'low',
          people: [
            { name: 'Mother', relationship: 'mother', present: true, advised: true },
            ...(i < fathers
              ? [{ name: 'Partner', relationship: 'father-or-partner', present: true, advised: true }]
              : []),
          ],
        });
      }
    }
  }
}
