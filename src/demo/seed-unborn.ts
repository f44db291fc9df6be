import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import { isValidNhsNumber } from '../modules/people/index.ts';
import type { DemoIds } from './seed-demo.ts';

const SURNAMES = [
  'Fenwick',
  'Garside',
  'Holroyd',
  'Ibbotson',
  'Jagger',
  'Kershaw',
  'Lockwood',
  'Mellor',
  'Naylor',
  'Oldroyd',
];

/** Synthetic NHS numbers from the 999 test range that pass the check digit, in order. */
function* nhsNumbers(start: number) {
  for (let n = start; ; n++) {
    const candidate = `999${String(n).padStart(6, '0')}`;
    for (let d = 0; d <= 9; d++) if (isValidNhsNumber(`${candidate}${d}`)) yield `${candidate}${d}`;
  }
}

/**
 * Demo Unborn Baby Network referrals and one family's stillbirth, all fictional. The acute trust
 * (maternity), the community health trust and the council are involved; a year of referrals feeds
 * the late-referral measure.
 */
export async function seedDemoUnborn(tx: Queryable, ids: DemoIds): Promise<void> {
  const today = londonToday();
  const numbers = nhsNumbers(410_000);
  const [acute, community, council] = [ids.orgs.acute!, ids.orgs.community!, ids.orgs.council!];
  const midwife = ids.users.trust!;

  const person = async (
    familyId: string,
    p: { rel: string; given: string; family: string; dob?: string; edd?: string; mother?: string },
  ) => {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO people (family_id, relationship, nhs_number, given_name, family_name, date_of_birth, expected_delivery_date, mother_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        familyId,
        p.rel,
        p.edd ? null : numbers.next().value,
        p.given,
        p.family,
        p.dob ?? null,
        p.edd ?? null,
        p.mother ?? null,
        midwife,
      ],
    );
    for (const org of [acute, community, council])
      await tx.query(
        'INSERT INTO person_organisations (person_id, organisation_id, added_by) VALUES ($1, $2, $3)',
        [rows[0]!.id, org, midwife],
      );
    return rows[0]!.id;
  };
  const newFamily = async (surname: string, motherName: string, daysToGo: number) => {
    const familyId = (
      await tx.query<{ id: string }>('INSERT INTO families (created_by) VALUES ($1) RETURNING id', [midwife])
    )[0]!.id;
    const mother = await person(familyId, {
      rel: 'mother',
      given: motherName,
      family: surname,
      dob: '1998-06-14',
    });
    const baby = await person(familyId, {
      rel: 'baby',
      given: 'Baby',
      family: surname,
      edd: addDays(today, daysToGo),
      mother,
    });
    return { familyId, mother, baby };
  };
  const refer = async (
    baby: string,
    r: { daysAgo: number; gestationDays: number; concerns: string[]; org: string; closed?: string },
  ) => {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO unborn_referrals (person_id, referral_date, gestation_days, concerns, referrer_id, referring_organisation_id,
         father_or_partner, both_parents_assessed, closed_at, closed_outcome, closed_reason)
       VALUES ($1, $2, $3, $4, $5, $6, 'Partner recorded', true, $7, $8, $9) RETURNING id`,
      [
        baby,
        addDays(today, -r.daysAgo),
        r.gestationDays,
        r.concerns,
        midwife,
        r.org,
        r.closed ? new Date() : null,
        r.closed ?? null,
        r.closed ? 'Family moved to another area' : '',
      ],
    );
    return rows[0]!.id;
  };
  const flag = (personId: string, type: string, note: string, consent: boolean | null) =>
    tx.query(
      `INSERT INTO flags (person_id, type_code, note, consent, raised_by, raised_by_organisation) VALUES ($1, $2, $3, $4, $5, $6)`,
      [personId, type, note, consent, midwife, acute],
    );

  // On track: referred at 12 weeks, strategy discussion held.
  const onTrack = await newFamily('Ashby', 'Kirsty', 196);
  const r1 = await refer(onTrack.baby, {
    daysAgo: 0,
    gestationDays: 84,
    concerns: ['parental-mental-health'],
    org: acute,
  });
  await flag(onTrack.baby, 'unborn-baby-network', 'Referred to the Unborn Baby Network', null);
  void r1;
  // Late: referred at 22 weeks.
  const late = await newFamily('Brennan', 'Leah', 126);
  await refer(late.baby, {
    daysAgo: 2,
    gestationDays: 152,
    concerns: ['domestic-abuse', 'parental-substance-misuse'],
    org: community,
  });
  await flag(late.baby, 'unborn-baby-network', 'Referred to the Unborn Baby Network', null);
  // Overdue: referred three weeks ago, no strategy discussion recorded yet.
  const overdue = await newFamily('Carrow', 'Danielle', 70);
  await refer(overdue.baby, {
    daysAgo: 21,
    gestationDays: 189,
    concerns: ['previous-children'],
    org: council,
  });
  // Closed: the family moved away.
  const closed = await newFamily('Dunmore', 'Hayley', 150);
  await refer(closed.baby, {
    daysAgo: 40,
    gestationDays: 90,
    concerns: ['young-parent'],
    org: acute,
    closed: 'moved-away',
  });

  // A stillbirth two years ago, now expecting again.
  const ellery = await newFamily('Ellery', 'Sophie', 160);
  const father = await person(ellery.familyId, {
    rel: 'father-or-partner',
    given: 'Daniel',
    family: 'Ellery',
    dob: '1996-02-03',
  });
  const sibling = await person(ellery.familyId, {
    rel: 'sibling',
    given: 'Mia',
    family: 'Ellery',
    dob: '2020-09-21',
  });
  const loss = await tx.query<{ id: string }>(
    `INSERT INTO family_losses (family_id, kind, loss_date, baby_name, later_pregnancy_plan, recorded_by, recorded_by_organisation)
     VALUES ($1, 'stillbirth', $2, 'Baby Ellery', 'Early booking, extra scans and a named midwife; ask both parents how they are at each contact.', $3, $4) RETURNING id`,
    [ellery.familyId, addDays(today, -730), midwife, acute],
  );
  for (const [personId, offered, response] of [
    [ellery.mother, ['bereavement-midwife', 'charity', 'gp-follow-up'], 'accepted'],
    [father, ['counselling', 'charity'], 'declined'],
    [sibling, ['school-support'], 'accepted'],
  ] as const)
    await tx.query(
      'INSERT INTO family_loss_support (loss_id, person_id, offered, response) VALUES ($1, $2, $3, $4)',
      [loss[0]!.id, personId, offered, response],
    );
  await flag(
    ellery.mother,
    'purple-butterfly',
    'Stillbirth two years ago; the family agreed to the butterfly',
    true,
  );
  await refer(ellery.baby, {
    daysAgo: 5,
    gestationDays: 115,
    concerns: ['parental-mental-health'],
    org: acute,
  });

  // About a year of closed referrals for the measure: most on time, some late.
  const orgs = [acute, community, council];
  for (let i = 0; i < 60; i++) {
    const gestation = i % 4 === 0 ? 140 + (i % 5) * 7 : 80 + (i % 6) * 5;
    const daysAgo = 30 + (i % 12) * 30;
    const f = await newFamily(SURNAMES[i % SURNAMES.length]!, 'Parent', 280 - gestation - daysAgo);
    await refer(f.baby, {
      daysAgo: 30 + (i % 12) * 30,
      gestationDays: gestation,
      concerns: ['young-parent'],
      org: orgs[i % 3]!,
      closed: 'born-with-discharge-plan',
    });
  }
}
