import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** Synthetic NHS numbers (999… range, valid check digits) of the demo families, for tests and e2e. */
export const DEMO_NHS = {
  leahAshworth: '9990000107',
  danAshworth: '9990000212',
  abenaMensah: '9990000247',
  babyMensah: '9990000352',
  kofiMensah: '9990000387',
  kayleighPryce: '9990000492',
  babyPryce: '9990000506',
  rubyPryce: '9990000611',
} as const;

interface DemoPerson {
  key: string;
  relationship: string;
  givenName: string;
  familyName: string;
  nhs?: string;
  dateOfBirth?: string;
  expectedDeliveryDate?: string;
  mother?: string;
}

const today = londonToday();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/**
 * Three fictional Brookvale families known to maternity (the acute trust), health visiting (the
 * community trust) and Riverside Medical Centre, one also to children's services. The police are
 * involved with none, so their lead must give a reason to open a record.
 */
const FAMILIES: { people: DemoPerson[]; orgs: string[]; creator: string }[] = [
  {
    // A mother with a previous neonatal loss, expecting again.
    creator: 'trust',
    orgs: ['acute', 'community', 'riverside'],
    people: [
      {
        key: 'leah',
        relationship: 'mother',
        givenName: 'Leah',
        familyName: 'Ashworth',
        nhs: DEMO_NHS.leahAshworth,
        dateOfBirth: '1994-06-11',
      },
      {
        key: 'dan',
        relationship: 'father-or-partner',
        givenName: 'Dan',
        familyName: 'Ashworth',
        nhs: DEMO_NHS.danAshworth,
        dateOfBirth: '1991-02-03',
      },
      {
        key: 'babyAshworth',
        relationship: 'baby',
        givenName: 'Baby',
        familyName: 'Ashworth',
        expectedDeliveryDate: addDays(today, 70),
        mother: 'leah',
      },
    ],
  },
  {
    // A newborn whose safer-sleep assessment found a raised risk.
    creator: 'hv',
    orgs: ['community', 'acute', 'riverside'],
    people: [
      {
        key: 'abena',
        relationship: 'mother',
        givenName: 'Abena',
        familyName: 'Mensah',
        nhs: DEMO_NHS.abenaMensah,
        dateOfBirth: '1999-09-24',
      },
      {
        key: 'babyMensah',
        relationship: 'baby',
        givenName: 'Baby',
        familyName: 'Mensah',
        nhs: DEMO_NHS.babyMensah,
        dateOfBirth: addDays(today, -18),
        mother: 'abena',
      },
      {
        key: 'kofi',
        relationship: 'father-or-partner',
        givenName: 'Kofi',
        familyName: 'Mensah',
        nhs: DEMO_NHS.kofiMensah,
        dateOfBirth: '1997-12-01',
      },
    ],
  },
  {
    // A baby on a child protection plan, with an older sister.
    creator: 'la',
    orgs: ['council', 'community', 'riverside'],
    people: [
      {
        key: 'kayleigh',
        relationship: 'mother',
        givenName: 'Kayleigh',
        familyName: 'Pryce',
        nhs: DEMO_NHS.kayleighPryce,
        dateOfBirth: '2001-03-15',
      },
      {
        key: 'babyPryce',
        relationship: 'baby',
        givenName: 'Baby',
        familyName: 'Pryce',
        nhs: DEMO_NHS.babyPryce,
        dateOfBirth: addDays(today, -150),
        mother: 'kayleigh',
      },
      {
        key: 'ruby',
        relationship: 'sibling',
        givenName: 'Ruby',
        familyName: 'Pryce',
        nhs: DEMO_NHS.rubyPryce,
        dateOfBirth: '2022-08-30',
      },
    ],
  },
];

const FLAGS: {
  on: string;
  type: string;
  by: string;
  org: string;
  daysAgo: number;
  note: string;
  consent?: boolean;
}[] = [
  {
    on: 'leah',
    type: 'purple-butterfly',
    by: 'trust',
    org: 'acute',
    daysAgo: 40,
    consent: true,
    note: 'Previous neonatal loss in 2024. Leah and Dan asked that staff know before they meet them.',
  },
  {
    on: 'babyMensah',
    type: 'safer-sleep-risk',
    by: 'hv',
    org: 'community',
    daysAgo: 5,
    note: 'Sofa-sleeping reported when the baby is unsettled at night. Advice given to both parents.',
  },
  {
    on: 'babyPryce',
    type: 'child-protection-plan',
    by: 'la',
    org: 'council',
    daysAgo: 60,
    note: 'Category: neglect. Allocated social worker: duty team can connect you.',
  },
];

export async function seedDemoFamilies(tx: Queryable, ids: DemoIds): Promise<void> {
  const personIds: Record<string, string> = {};
  for (const family of FAMILIES) {
    const creator = ids.users[family.creator];
    const [f] = await tx.query<{ id: string }>('INSERT INTO families (created_by) VALUES ($1) RETURNING id', [
      creator,
    ]);
    for (const p of family.people) {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO people (family_id, relationship, nhs_number, given_name, family_name, date_of_birth,
                             expected_delivery_date, mother_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          f!.id,
          p.relationship,
          p.nhs ?? null,
          p.givenName,
          p.familyName,
          p.dateOfBirth ?? null,
          p.expectedDeliveryDate ?? null,
          p.mother ? personIds[p.mother] : null,
          creator,
        ],
      );
      personIds[p.key] = row!.id;
      for (const org of family.orgs)
        await tx.query(
          'INSERT INTO person_organisations (person_id, organisation_id, added_by) VALUES ($1, $2, $3)',
          [row!.id, ids.orgs[org], creator],
        );
    }
  }
  for (const flag of FLAGS)
    await tx.query(
      `INSERT INTO flags (person_id, type_code, note, consent, raised_by, raised_by_organisation, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        personIds[flag.on],
        flag.type,
        flag.note,
        flag.consent ?? null,
        ids.users[flag.by],
        ids.orgs[flag.org],
        daysAgo(flag.daysAgo),
      ],
    );
}
