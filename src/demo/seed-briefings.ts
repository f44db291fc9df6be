import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

interface DemoBriefing {
  review: string;
  title: string;
  background: string;
  whatHappened: string;
  findings: string;
  learning: string;
  whatToDoDifferently: string;
  questionsForReflection: string;
  furtherReading: string;
  learningPoints: number[];
  recommendations: number[];
  /** Days ago it was published; absent for a draft. */
  publishedDaysAgo?: number;
  recipients: string[];
  /** Organisation key → the lead who confirmed, days ago, and how. */
  confirmed: Record<string, { by: string; daysAgo: number; how: string }>;
  /** Users (demo or staff keys) who said they have read it. */
  readBy: string[];
}

const GP_PRACTICES = ['riverside', 'elm', 'market', 'hollybank', 'canal', 'oakfield'];

/** Front-line staff of the partner organisations, all fictional, who read the briefings. */
const STAFF: { key: string; name: string; org: string; jobTitle: string }[] = [
  { key: 'riversideNurse', name: 'Amira Shah', org: 'riverside', jobTitle: 'Practice nurse' },
  { key: 'riversideGp', name: 'Dr Lewis Grant', org: 'riverside', jobTitle: 'GP partner' },
  { key: 'riversideManager', name: 'Kate Morris', org: 'riverside', jobTitle: 'Practice manager' },
  { key: 'elmGp', name: 'Dr Hannah Cole', org: 'elm', jobTitle: 'Salaried GP' },
  { key: 'elmNurse', name: 'Sunita Patel', org: 'elm', jobTitle: 'Practice nurse' },
  { key: 'midwife', name: 'Rachel Green', org: 'acute', jobTitle: 'Community midwife' },
  { key: 'neonatal', name: 'Chloe Adams', org: 'acute', jobTitle: 'Neonatal nurse' },
  { key: 'hv2', name: 'Ben Walsh', org: 'community', jobTitle: 'Health visitor' },
  { key: 'nurseryNurse', name: 'Leah Ford', org: 'community', jobTitle: 'Community nursery nurse' },
  { key: 'socialWorker', name: 'Marcus Bell', org: 'council', jobTitle: 'Social worker' },
  { key: 'familySupport', name: 'Ellie Price', org: 'council', jobTitle: 'Family support worker' },
];

const SAFER_SLEEP: DemoBriefing = {
  review: 'Baby T',
  title: 'Safer sleep: learning from Baby T',
  background:
    'Baby T was two months old when they died suddenly and unexpectedly while sleeping in their parents’ bed. ' +
    'The partnership held a local child safeguarding practice review to understand what happened and what could help other families. ' +
    'The review found no significant deficit in services, but it found learning about how safer-sleep advice is given, and to whom.\n\n' +
    'This briefing is for everyone who works with babies and their families: midwives, health visitors, GPs and practice staff, social workers, and early help and family support staff.',
  whatHappened:
    'Baby T lived with their mother, father and an older sibling. The family had lost a baby shortly after birth in an earlier pregnancy, and hospital staff placed a purple butterfly on Baby T’s record so that everyone would know. ' +
    'Safer-sleep advice was given to Baby T’s mother at the antenatal booking and at the new-birth visit, and it was recorded.\n\n' +
    'On the night Baby T died, the family were staying with relatives after a celebration. Baby T’s Moses basket was at home. ' +
    'A parent had drunk alcohol, and Baby T slept in an adult bed with both parents. Baby T’s father had not been there when safer-sleep advice was given.',
  findings:
    '1. Practitioners had no concerns about Baby T’s care before the death.\n' +
    '2. The night of the death was out of routine: away from home, after a celebration, with alcohol. The National Panel found the same pattern in many families in its 2020 review “Out of routine”.\n' +
    '3. Advice had been given and recorded, but to the mother only.\n\n' +
    'Overall conclusion: no significant deficit in services.',
  learning:
    '1. Safer-sleep advice reaches the people who are in the room. Fathers, partners, grandparents and other carers are easily missed.\n' +
    '2. The risk of sharing a bed, sofa or armchair with a baby rises sharply when an adult has drunk alcohol, taken drugs or sedating medication, or is very tired, and when the baby was born early (before 37 weeks) or small (under 2.5 kg).\n' +
    '3. Families are most at risk when their routine changes: visiting, holidays, illness, moving house, celebrations. “Always put your baby in their own cot” does not help a family with no cot at a relative’s house.\n' +
    '4. Advice works best as a conversation about the family’s real life, repeated when things change, rather than a leaflet given once.',
  whatToDoDifferently:
    '• Give safer-sleep advice to both parents and to any other carers, and record by name who you advised.\n' +
    '• Ask about the weeks ahead: is the family going away, having visitors, celebrating or moving? Plan with them where the baby will sleep.\n' +
    '• Talk plainly about alcohol, drugs and medication: never share a bed or sofa with a baby after drinking or taking anything that makes you drowsy.\n' +
    '• Ask whether the baby was born early or small, and explain why that raises the risk.\n' +
    '• Repeat the advice whenever circumstances change. Where a family has had a previous loss, be alert to their anxiety and offer support to both parents.',
  questionsForReflection:
    'When did you last give safer-sleep advice to a father or partner, not only to a mother?\n' +
    'How would you start a conversation about where the baby will sleep when the family stays with relatives?\n' +
    'How do you ask about alcohol and drugs in a way that keeps the conversation open?\n' +
    'Where does your service record who was given safer-sleep advice?',
  furtherReading:
    'The Lullaby Trust: safer sleep advice for parents and professionals.\n' +
    'Child Safeguarding Practice Review Panel (2020): Out of routine – a review of sudden unexpected death in infancy (SUDI) in families where the children are considered at risk of significant harm.\n' +
    'Brookvale Safeguarding Children Partnership: safer-sleep assessment and action plan.',
  learningPoints: [1, 2],
  recommendations: [3],
  publishedDaysAgo: 56,
  recipients: [...GP_PRACTICES, 'acute', 'community', 'council', 'icb'],
  confirmed: {
    council: {
      by: 'la',
      daysAgo: 49,
      how: 'Children’s services team managers’ meeting, then e-mail to all social work teams',
    },
    acute: {
      by: 'trust',
      daysAgo: 50,
      how: 'Safeguarding huddles on the maternity wards and in community midwifery',
    },
    community: { by: 'community', daysAgo: 47, how: 'Health visiting team meetings in every locality' },
    riverside: { by: 'gp', daysAgo: 42, how: 'Practice clinical meeting' },
    icb: { by: 'icb', daysAgo: 53, how: 'Sent to every GP practice safeguarding lead by e-mail' },
  },
  readBy: [
    'hv',
    'gp',
    'trust',
    'la',
    'community',
    'riversideNurse',
    'riversideGp',
    'riversideManager',
    'elmGp',
    'midwife',
    'neonatal',
    'hv2',
    'socialWorker',
  ],
};

const WHOLE_FAMILY: DemoBriefing = {
  review: 'Baby T',
  title: 'Supporting the whole family after a baby dies: learning from Baby T',
  background:
    'This is the second briefing from the review of Baby T. It is about bereavement support. Baby T’s family had lost a baby shortly after birth in an earlier pregnancy.',
  whatHappened:
    'After the family’s earlier neonatal loss, the hospital’s bereavement midwife offered support to Baby T’s mother. Baby T’s father and older sibling were not offered support, ' +
    'and nobody asked how the family were coping when the mother became pregnant again.\n\n' +
    'The family told the review that they felt cared for at hospital around Baby T’s birth, and that the purple butterfly on the record meant they did not have to explain their loss again and again.',
  findings:
    '1. Hospital staff acknowledged the family’s previous bereavement and placed a purple butterfly on Baby T’s record. This was good practice.\n' +
    '2. Bereavement support was offered to the mother only.\n' +
    '3. Anxiety in the later pregnancy was not anticipated or talked about.',
  learning:
    '1. Grief after the death of a baby affects fathers, partners, brothers and sisters and grandparents, not only mothers.\n' +
    '2. A later pregnancy can bring anxiety that affects sleep, drinking and how parents cope with a new baby.\n' +
    '3. The National Bereavement Care Pathway expects support to be offered to every member of the family.',
  whatToDoDifferently:
    '• Offer bereavement support to each member of the family, and record who was offered what and what they said.\n' +
    '• In any later pregnancy, ask both parents how they are feeling and offer extra support.\n' +
    '• Look for the purple butterfly and read what it means before you speak to the family.',
  questionsForReflection:
    'Who in the family have you offered support to after a loss, and who might you have missed?\n' +
    'How does your service know that a family has had a previous loss?\n' +
    'What would you say to a father who tells you he is “fine”?',
  furtherReading:
    'National Bereavement Care Pathway.\nSands: support for anyone affected by the death of a baby.\nThe Lullaby Trust: bereavement support for families.',
  learningPoints: [3],
  recommendations: [4],
  publishedDaysAgo: 18,
  recipients: [...GP_PRACTICES, 'acute', 'community', 'council'],
  confirmed: {
    acute: {
      by: 'trust',
      daysAgo: 12,
      how: 'Bereavement midwives’ team meeting and the maternity safeguarding newsletter',
    },
  },
  readBy: ['trust', 'midwife', 'neonatal', 'hv', 'riversideNurse'],
};

const CHILD_Q_DRAFT: DemoBriefing = {
  review: 'Child Q',
  title: 'Missed appointments and professional curiosity: learning from Child Q',
  background:
    'The partnership is holding a learning review about Child Q, aged three, who was found living in neglectful conditions. This draft will be finished when the review reports.',
  whatHappened:
    'Several agencies saw Child Q’s family in the year before a neighbour called the police. Each saw part of the picture.',
  findings: '1. Each agency saw part of the picture; no agency brought the concerns together.',
  learning:
    '1. Information about repeated missed health appointments was not shared with the nursery or children’s social care.\n' +
    '2. Practitioners accepted explanations without professional curiosity about the home conditions.',
  whatToDoDifferently: '',
  questionsForReflection: '',
  furtherReading: '',
  learningPoints: [1, 2],
  recommendations: [1, 2],
  recipients: [],
  confirmed: {},
  readBy: [],
};

/** Demo staff who read briefings; they sign in with the demo password like every demo account. */
async function seedStaff(tx: Queryable, ids: DemoIds): Promise<Record<string, string>> {
  const users: Record<string, string> = { ...ids.users };
  for (const s of STAFF) {
    const email = `${s.name.replace(/^Dr /, '').toLowerCase().replace(/\s+/g, '.')}@demo.lantern.test`;
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash)
       SELECT $1, $2, 'practitioner', $3, $4, password_hash FROM users WHERE id = $5
       ON CONFLICT (lower(email)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [email, s.name, ids.orgs[s.org], s.jobTitle, ids.users.manager],
    );
    users[s.key] = rows[0]!.id;
  }
  return users;
}

async function insertBriefing(tx: Queryable, ids: DemoIds, users: Record<string, string>, b: DemoBriefing) {
  const today = londonToday();
  const [review] = await tx.query<{ id: string }>('SELECT id FROM reviews WHERE subject_ref = $1 LIMIT 1', [
    b.review,
  ]);
  if (!review) return;
  const published = b.publishedDaysAgo !== undefined;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO briefings (review_id, status, title, background, what_happened, findings, learning, what_to_do_differently,
                            questions_for_reflection, further_reading, created_by, created_at, updated_at,
                            published_date, published_at, published_by, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16) RETURNING id`,
    [
      review.id,
      published ? 'published' : 'draft',
      b.title,
      b.background,
      b.whatHappened,
      b.findings,
      b.learning,
      b.whatToDoDifferently,
      b.questionsForReflection,
      b.furtherReading,
      ids.users.officer,
      at((b.publishedDaysAgo ?? 0) + 9),
      published ? addDays(today, -b.publishedDaysAgo!) : null,
      published ? at(b.publishedDaysAgo!) : null,
      published ? ids.users.manager : null,
      published ? 3 : 2,
    ],
  );
  const id = row!.id;
  await tx.query(
    `INSERT INTO briefing_learning_points (briefing_id, learning_point_id)
     SELECT $1, id FROM review_points WHERE review_id = $2 AND kind = 'learning-point' AND number = ANY($3::int[])`,
    [id, review.id, b.learningPoints],
  );
  await tx.query(
    `INSERT INTO briefing_recommendations (briefing_id, recommendation_id)
     SELECT $1, id FROM recommendations WHERE review_id = $2 AND number = ANY($3::int[])`,
    [id, review.id, b.recommendations],
  );
  for (const org of b.recipients) {
    const c = b.confirmed[org];
    await tx.query(
      `INSERT INTO briefing_recipients (briefing_id, organisation_id, shared_date, shared_how, confirmed_by, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        ids.orgs[org],
        c ? addDays(today, -c.daysAgo) : null,
        c?.how ?? '',
        c ? users[c.by] : null,
        c ? at(c.daysAgo) : null,
      ],
    );
  }
  for (const [i, key] of b.readBy.entries()) {
    await tx.query(
      `INSERT INTO briefing_acknowledgements (briefing_id, user_id, organisation_id, acknowledged_at)
       SELECT $1, id, organisation_id, $3 FROM users WHERE id = $2`,
      [id, users[key], at(Math.max(1, (b.publishedDaysAgo ?? 0) - 3 - i * 3))],
    );
  }
}

/**
 * Demo learning briefings, all fictional: two published from the review of Baby T (safer sleep,
 * and supporting the whole family after a loss) with realistic gaps in reach — several GP
 * practices have not confirmed sharing — and one draft from the review of Child Q.
 */
export async function seedDemoBriefings(tx: Queryable, ids: DemoIds): Promise<void> {
  const users = await seedStaff(tx, ids);
  for (const b of [SAFER_SLEEP, WHOLE_FAMILY, CHILD_Q_DRAFT]) await insertBriefing(tx, ids, users, b);
}
