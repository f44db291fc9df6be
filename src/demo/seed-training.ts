import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** Practice staff who book and attend, all fictional. `lead` marks a practice's safeguarding lead. */
const STAFF: { key: string; name: string; org: string; job: string; lead?: boolean }[] = [
  { key: 'farrell', name: 'Dr Owen Farrell', org: 'riverside', job: 'GP partner' },
  { key: 'lindqvist', name: 'Sarah Lindqvist', org: 'riverside', job: 'Practice nurse' },
  { key: 'rahman', name: 'Mo Rahman', org: 'riverside', job: 'Practice manager' },
  { key: 'boateng', name: 'Dr Clara Boateng', org: 'elm', job: 'Salaried GP' },
  { key: 'whitcombe', name: 'Ian Whitcombe', org: 'elm', job: 'Practice nurse' },
  { key: 'reid', name: 'Dr Hamish Reid', org: 'market', job: 'GP partner' },
  { key: 'tan', name: 'Lucy Tan', org: 'market', job: 'Reception lead' },
  { key: 'kowalski', name: 'Dr Anita Kowalski', org: 'hollybank', job: 'GP partner' },
  { key: 'otley', name: 'Ben Otley', org: 'hollybank', job: 'Practice nurse' },
  { key: 'morgan', name: 'Dr Rhys Morgan', org: 'canal', job: 'Practice safeguarding lead', lead: true },
  { key: 'dunmore', name: 'Kate Dunmore', org: 'canal', job: 'Practice nurse' },
  { key: 'shah', name: 'Dr Imran Shah', org: 'oakfield', job: 'GP partner' },
];

const SCENARIOS = [
  {
    title: 'A family gathering and a shared bed',
    scenario:
      'Baby T, aged two months, is brought to a relative’s house for a family celebration. The parents stay the night. ' +
      'There is no cot; after a parent has been drinking, the baby sleeps in the adults’ bed. Safer-sleep advice had been ' +
      'given to the mother at the booking appointment and the new-birth visit.',
    questions: [
      'What would you ask a family about where the baby sleeps when their routine changes?',
      'How do alcohol and tiredness change the advice you give about bed-sharing?',
      'Where in your practice’s contacts with the family could this advice be repeated?',
    ],
    points: [1, 2],
  },
  {
    title: 'Who else looks after the baby?',
    scenario:
      'At the baby’s eight-week check the mother attends alone. The father works shifts and often settles the baby at night ' +
      'on the sofa. The record shows safer-sleep advice given, but not to whom.',
    questions: [
      'How does your practice reach fathers, partners and other carers?',
      'What would you record, and where, so that the next clinician knows who has been advised?',
    ],
    points: [1],
  },
  {
    title: 'After a previous loss',
    scenario:
      'A family who lost a baby in the neonatal period two years ago register a new pregnancy. A purple butterfly is on the ' +
      'maternity record. The father tells the practice nurse he has not slept properly since the last baby died.',
    questions: [
      'What support should be offered, and to whom in the family?',
      'How might anxiety after a loss affect where and how the new baby sleeps?',
    ],
    points: [3],
  },
];

type Mark = 'A' | 'D';
/** Past sessions: days ago, and who came (A) or booked and did not attend (D). */
const PAST: {
  daysAgo: number;
  online?: boolean;
  people: [string, Mark][];
  feedback: [string, number, string][];
}[] = [
  // Before the 12-month window: Canal Side last attended here, so it shows as not reached.
  {
    daysAgo: 400,
    people: [
      ['dunmore', 'A'],
      ['morgan', 'A'],
    ],
    feedback: [],
  },
  {
    daysAgo: 330,
    people: [
      ['farrell', 'A'],
      ['lindqvist', 'A'],
      ['boateng', 'A'],
      ['hv', 'A'],
      ['tan', 'D'],
    ],
    feedback: [
      [
        'farrell',
        5,
        'The Baby T scenario made the risk after alcohol very real. We now ask about overnight stays.',
      ],
      ['lindqvist', 4, 'Useful. More time for the discussion questions, please.'],
      ['hv', 5, ''],
    ],
  },
  {
    daysAgo: 270,
    people: [
      ['reid', 'A'],
      ['tan', 'A'],
      ['rahman', 'A'],
      ['community', 'A'],
    ],
    feedback: [['reid', 4, 'Good to hear how the health visitors record who was advised.']],
  },
  {
    daysAgo: 200,
    people: [
      ['kowalski', 'A'],
      ['whitcombe', 'A'],
      ['gp', 'A'],
      ['shah', 'D'],
    ],
    feedback: [
      ['kowalski', 5, 'We will add fathers to our eight-week check template.'],
      ['whitcombe', 3, 'The room was cramped.'],
    ],
  },
  {
    daysAgo: 140,
    people: [
      ['otley', 'A'],
      ['trust', 'A'],
      ['boateng', 'A'],
    ],
    feedback: [['otley', 4, '']],
  },
  {
    daysAgo: 80,
    online: true,
    people: [
      ['lindqvist', 'A'],
      ['reid', 'A'],
      ['kowalski', 'D'],
    ],
    feedback: [['reid', 3, 'Online worked, but the face-to-face discussion was better.']],
  },
  {
    daysAgo: 25,
    people: [
      ['farrell', 'A'],
      ['tan', 'A'],
      ['otley', 'A'],
      ['whitcombe', 'A'],
    ],
    feedback: [],
  },
];

/**
 * A year of the GP training course the Baby T review recommended: case scenarios from that review,
 * past sessions with attendance and feedback that reached four of the six GP practices, a full
 * upcoming session with a waiting list, and a later one with a place left.
 */
export async function seedDemoTraining(tx: Queryable, ids: DemoIds): Promise<void> {
  const today = londonToday();
  const [{ hash }] = (await tx.query<{ hash: string }>(
    'SELECT password_hash AS hash FROM users WHERE id = $1',
    [ids.users.manager],
  )) as [{ hash: string }];
  const people: Record<string, { id: string; org: string }> = {};
  const orgOf = async (userId: string) =>
    (await tx.query<{ o: string }>('SELECT organisation_id AS o FROM users WHERE id = $1', [userId]))[0]!.o;
  for (const [key, id] of Object.entries(ids.users)) people[key] = { id, org: await orgOf(id) };
  for (const s of STAFF) {
    const email = `${s.key}.${s.org}@demo.lantern.test`;
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lower(email)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [email, s.name, s.lead ? 'organisation-lead' : 'practitioner', ids.orgs[s.org], s.job, hash],
    );
    people[s.key] = { id: row!.id, org: ids.orgs[s.org]! };
  }

  const [course] = await tx.query<{ id: string }>(
    `INSERT INTO courses (title, summary, audience, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      'Safeguarding in primary care: learning from reviews',
      'A rolling, face-to-face, case-based programme for primary care, run by the Named GP and the designated nurse. ' +
        'Each session works through anonymised scenarios from local and national reviews, starting with the review of Baby T.',
      'GPs, practice nurses, practice managers and reception staff in every GP practice',
      ids.users.manager,
      new Date(`${addDays(today, -420)}T09:00:00Z`),
    ],
  );
  const courseId = course!.id;
  const [review] = await tx.query<{ id: string }>(
    "SELECT id FROM reviews WHERE subject_ref = 'Baby T' LIMIT 1",
  );
  const points = review
    ? await tx.query<{ id: string; number: number }>(
        "SELECT id, number FROM review_points WHERE review_id = $1 AND kind = 'learning-point' ORDER BY number",
        [review.id],
      )
    : [];
  for (const [i, s] of SCENARIOS.entries()) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO course_scenarios (course_id, number, title, scenario, questions, review_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [courseId, i + 1, s.title, s.scenario, s.questions, review?.id ?? null],
    );
    for (const n of s.points) {
      const point = points.find((p) => p.number === n);
      if (point)
        await tx.query(
          'INSERT INTO course_scenario_learning_points (scenario_id, learning_point_id) VALUES ($1, $2)',
          [row!.id, point.id],
        );
    }
  }

  const session = async (offset: number, capacity: number, online = false) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO training_sessions (course_id, session_date, start_time, end_time, mode, venue, online_link, capacity, facilitator, created_by)
       VALUES ($1, $2, '13:30', '16:30', $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        courseId,
        addDays(today, offset),
        online ? 'online' : 'in-person',
        online ? '' : 'Brookvale Medical Education Centre, Seminar Room 2',
        online ? 'https://meet.example.org/brookvale-gp-safeguarding' : '',
        capacity,
        'Dr Aaron Pike (Named GP) and Helen Marsh (designated nurse)',
        ids.users.manager,
      ],
    );
    return row!.id;
  };
  let tick = 0;
  const book = async (
    sessionId: string,
    key: string,
    status: 'booked' | 'waiting',
    attendance: string | null,
  ) => {
    const p = people[key]!;
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO training_bookings (session_id, user_id, organisation_id, booked_by, status, attendance, queued_at, attendance_recorded_at)
       VALUES ($1, $2, $3, $2, $4, $5, now() - make_interval(secs => $6), CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
      [sessionId, p.id, p.org, status, attendance, 100_000 - tick++],
    );
    return row!.id;
  };

  for (const past of PAST) {
    const id = await session(-past.daysAgo, 12, past.online);
    for (const [key, mark] of past.people) {
      const bookingId = await book(id, key, 'booked', mark === 'A' ? 'attended' : 'did-not-attend');
      const fb = past.feedback.find(([k]) => k === key);
      if (fb)
        await tx.query('INSERT INTO training_feedback (booking_id, rating, comments) VALUES ($1, $2, $3)', [
          bookingId,
          fb[1],
          fb[2],
        ]);
    }
  }
  const full = await session(12, 6);
  for (const key of ['farrell', 'boateng', 'reid', 'kowalski', 'community', 'trust'])
    await book(full, key, 'booked', null);
  for (const key of ['otley', 'rahman']) await book(full, key, 'waiting', null);
  const later = await session(47, 10);
  for (const key of ['lindqvist', 'whitcombe', 'tan', 'dunmore', 'shah', 'otley', 'icb', 'la', 'police'])
    await book(later, key, 'booked', null);
}
