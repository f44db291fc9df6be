import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * Safeguarding leads of the GP practices the demo partnership has no user for yet (invented
 * people). Oakfield Family Practice is left without one on purpose: the forum page shows the gap.
 */
const PRACTICE_LEADS = [
  { key: 'elmLead', email: 'elm.lead@demo.lantern.test', name: 'Dr Owen Hartley', org: 'elm' },
  { key: 'marketLead', email: 'market.lead@demo.lantern.test', name: 'Sara Brennan', org: 'market' },
  {
    key: 'hollybankLead',
    email: 'hollybank.lead@demo.lantern.test',
    name: 'Dr Leila Haddad',
    org: 'hollybank',
  },
  { key: 'canalLead', email: 'canal.lead@demo.lantern.test', name: 'Dr Marcus Ogun', org: 'canal' },
];

type Mark = 'present' | 'apologies' | 'absent';

/** Three meetings held and one to come; attendance by member key. */
const MEETINGS: {
  daysAgo: number;
  time: string;
  format: string;
  venue: string;
  minutes: string;
  attendance: Record<string, Mark>;
  agenda: { title: string; notes: string; review?: boolean; point?: number; discussion: string }[];
}[] = [
  {
    daysAgo: 130,
    time: '12:30',
    format: 'in-person',
    venue: 'Brookvale ICB, Meeting Room 2, Station Road',
    minutes:
      'The Named GP welcomed members to the first GP Forum and agreed its terms of reference: to bring learning from local and national reviews to every practice.\nMembers asked for short, case-based material they can use at practice meetings.',
    attendance: {
      namedGp: 'present',
      icb: 'present',
      gp: 'present',
      elmLead: 'present',
      marketLead: 'present',
      hollybankLead: 'apologies',
      canalLead: 'absent',
    },
    agenda: [
      {
        title: 'Terms of reference',
        notes: 'Draft circulated beforehand.',
        discussion: 'Agreed with one change: a safeguarding lead from every practice, with a deputy named.',
      },
      {
        title: 'Learning from the Baby T review',
        notes: 'Summary of the local review of a sudden infant death while co-sleeping.',
        review: true,
        discussion:
          'Members discussed how rarely practices see the father at baby checks, and how safer-sleep advice could reach both parents.',
      },
    ],
  },
  {
    daysAgo: 72,
    time: '12:30',
    format: 'online',
    venue: '',
    minutes:
      'Members shared how each practice now records safer-sleep conversations at the 6 to 8 week check.\nThe designated nurse summarised the national review "Out of routine".',
    attendance: {
      namedGp: 'present',
      icb: 'present',
      gp: 'present',
      elmLead: 'present',
      marketLead: 'apologies',
      hollybankLead: 'present',
      canalLead: 'present',
    },
    agenda: [
      {
        title: 'Safer-sleep advice to both parents',
        notes: 'Learning point 1 of the Baby T review.',
        point: 1,
        discussion:
          'Practices agreed to ask at the 6 to 8 week check who else looks after the baby, and to give them the advice too.',
      },
      {
        title: 'Alcohol, drugs and disrupted routines',
        notes: 'Learning point 2 of the Baby T review.',
        point: 2,
        discussion:
          'Members noted that holidays, visits and celebrations are the riskiest times. The campaign on safer sleep and alcohol will help.',
      },
    ],
  },
  {
    daysAgo: 15,
    time: '13:00',
    format: 'hybrid',
    venue: 'Riverside Medical Centre, Education Room, and online',
    minutes:
      'Attendance was the best yet: five of six practices.\nThe Named GP reported on the case-based training programme and asked practices to book places for clinicians who have not yet attended.',
    attendance: {
      namedGp: 'present',
      icb: 'apologies',
      gp: 'present',
      elmLead: 'present',
      marketLead: 'present',
      hollybankLead: 'present',
      canalLead: 'present',
    },
    agenda: [
      {
        title: 'Case-based training for primary care',
        notes: 'Learning point 4 of the Baby T review: progress of the programme.',
        point: 4,
        discussion:
          'Four sessions held so far. Oakfield Family Practice has not yet taken part: the Named GP will contact the practice manager.',
      },
      {
        title: 'Safer sleep and alcohol campaign',
        notes: 'Video and leaflet for waiting rooms.',
        review: true,
        discussion:
          'Members agreed to play the video at their next practice meeting and put the leaflet in waiting rooms.',
      },
    ],
  },
  {
    daysAgo: -40,
    time: '12:30',
    format: 'online',
    venue: '',
    minutes: '',
    attendance: {},
    agenda: [{ title: 'Review of the first year of the GP Forum', notes: '', discussion: '' }],
  },
];

const ROLES: { key: string; role: string }[] = [
  { key: 'namedGp', role: 'chair' },
  { key: 'icb', role: 'designated-nurse' },
  { key: 'gp', role: 'practice-lead' },
  ...PRACTICE_LEADS.map((p) => ({ key: p.key, role: 'practice-lead' })),
];

/** The GP Forum: members from five of the six practices, three meetings held, one forum action. */
export async function seedDemoForums(tx: Queryable, ids: DemoIds): Promise<void> {
  const today = londonToday();
  // The practice leads sign in with the demo password too: borrow its hash from a demo account.
  const [hash] = await tx.query<{ h: string }>('SELECT password_hash AS h FROM users WHERE id = $1', [
    ids.users.gp,
  ]);
  for (const p of PRACTICE_LEADS) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash)
       VALUES ($1, $2, 'organisation-lead', $3, 'Practice safeguarding lead', $4)
       ON CONFLICT (lower(email)) DO UPDATE SET name = users.name RETURNING id`,
      [p.email, p.name, ids.orgs[p.org], hash!.h],
    );
    ids.users[p.key] = row!.id;
  }
  const [review] = await tx.query<{ id: string }>(
    "SELECT id FROM reviews WHERE subject_ref = 'Baby T' LIMIT 1",
  );
  const points = await tx.query<{ id: string; number: number }>(
    "SELECT id, number FROM review_points WHERE review_id = $1 AND kind = 'learning-point'",
    [review!.id],
  );
  const [forum] = await tx.query<{ id: string }>(
    `INSERT INTO forums (name, purpose, created_by) VALUES ('GP Forum', $1, $2) RETURNING id`,
    [
      'Brings the Named GP, the designated nurse and a safeguarding lead from every GP practice together each quarter to discuss learning from local and national reviews and agree what practices will do.',
      ids.users.manager,
    ],
  );
  const memberIds: Record<string, string> = {};
  for (const m of ROLES) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO forum_members (forum_id, user_id, organisation_id, forum_role, created_at)
       SELECT $1, u.id, u.organisation_id, $2, now() - interval '140 days' FROM users u WHERE u.id = $3 RETURNING id`,
      [forum!.id, m.role, ids.users[m.key]],
    );
    memberIds[m.key] = row!.id;
  }
  let lastHeld = '';
  for (const m of MEETINGS) {
    const date = addDays(today, -m.daysAgo);
    const [meeting] = await tx.query<{ id: string }>(
      `INSERT INTO forum_meetings (forum_id, meeting_date, start_time, format, venue, minutes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [forum!.id, date, m.time, m.format, m.venue, m.minutes],
    );
    if (m.daysAgo > 0) lastHeld = meeting!.id;
    for (const [position, item] of m.agenda.entries()) {
      await tx.query(
        `INSERT INTO forum_agenda_items (meeting_id, position, title, notes, review_id, learning_point_id, discussion)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          meeting!.id,
          position + 1,
          item.title,
          item.notes,
          item.review || item.point ? review!.id : null,
          item.point ? (points.find((p) => p.number === item.point)?.id ?? null) : null,
          item.discussion,
        ],
      );
    }
    for (const [key, status] of Object.entries(m.attendance))
      await tx.query('INSERT INTO forum_attendance (meeting_id, member_id, status) VALUES ($1, $2, $3)', [
        meeting!.id,
        memberIds[key],
        status,
      ]);
  }
  // The action agreed at the last meeting, in the tracker like any other.
  const [action] = await tx.query<{ id: string }>(
    `INSERT INTO actions (forum_meeting_id, organisation_id, owner_user_id, description, due_date, original_due_date, status)
     VALUES ($1, $2, $3, $4, $5, $5, 'in-progress') RETURNING id`,
    [
      lastHeld,
      ids.orgs.icb,
      ids.users.namedGp,
      'Contact Oakfield Family Practice to name a safeguarding lead for the GP Forum and book its clinicians onto the case-based training.',
      addDays(today, 30),
    ],
  );
  await tx.query(
    `INSERT INTO action_updates (action_id, author_user_id, kind, note, created_at) VALUES ($1, $2, 'progress', $3, now() - interval '10 days')`,
    [action!.id, ids.users.namedGp, 'E-mailed the practice manager; a call is booked.'],
  );
}
