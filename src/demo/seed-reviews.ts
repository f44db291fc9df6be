import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

type Status = 'not-started' | 'in-progress' | 'awaiting-evidence' | 'closed';

interface DemoAction {
  org: string;
  owner?: string;
  description: string;
  /** Days from today: negative is in the past. */
  due: number;
  /** Days the due date slipped from the one first agreed. */
  slipped?: number;
  status: Status;
  updates?: { by: string; note: string; daysAgo: number; to?: Status; from?: Status; kind?: string }[];
  evidence?: DemoEvidence[];
}

interface DemoEvidence {
  by: string;
  title: string;
  text: string;
  /** Days before today that the evidence took effect, and was uploaded. */
  effectiveDaysAgo: number;
  status: 'submitted' | 'accepted' | 'returned';
  review?: { by: string; note: string };
}

interface DemoReview {
  type: string;
  status: string;
  subjectRef: string;
  ageBand: string;
  incidentDaysAgo: number;
  awareDaysAgo: number;
  panelNotifiedDaysAgo?: number;
  decisionDaysAgo?: number;
  summary: string;
  conclusion: string;
  reviewers: string[];
  findings: string[];
  goodPractice: string[];
  learningPoints: string[];
  recommendations: { text: string; learningPoints: number[]; actions: DemoAction[] }[];
}

/** Two fictional reviews: a sudden infant death while co-sleeping, and a neglect review in progress. */
const REVIEWS: DemoReview[] = [
  {
    type: 'lcspr',
    status: 'final-report',
    subjectRef: 'Baby T',
    ageBand: 'under-1',
    incidentDaysAgo: 240,
    awareDaysAgo: 239,
    panelNotifiedDaysAgo: 236,
    decisionDaysAgo: 215,
    summary:
      'Baby T, aged two months, died while sleeping in the parents’ bed after a family gathering. ' +
      'The family had experienced a previous neonatal loss. Safer-sleep advice had been given antenatally and postnatally.',
    conclusion: 'No significant deficit in services.',
    reviewers: ['reviewer'],
    findings: [
      'Practitioners had no concerns about Baby T’s care before the death.',
      'The night of the death was out of routine: the family were staying with relatives after a celebration, and a parent had drunk alcohol.',
    ],
    goodPractice: [
      'Safer-sleep advice was given at the antenatal booking and at the new-birth visit, and recorded.',
      'Hospital staff acknowledged the family’s previous bereavement and placed a purple butterfly on Baby T’s record.',
      'The family spoke positively about the support they received at hospital around Baby T’s birth.',
    ],
    learningPoints: [
      'Safer-sleep advice was given to the mother; the father was not present and was not given the advice separately.',
      'Advice did not cover how the risks of bed-sharing rise sharply after alcohol or drugs, or when routines are disrupted.',
      'Bereavement support after the previous neonatal loss was offered to the mother only; the father and siblings were not offered support.',
      'GP practices had had little case-based safeguarding training drawing on local and national reviews.',
    ],
    recommendations: [
      {
        text: 'The ICB should establish a rolling programme of face-to-face, case-based safeguarding training for primary care, available to all GP practices and including learning from local and national reviews.',
        learningPoints: [4],
        actions: [
          {
            org: 'icb',
            owner: 'icb',
            description: 'Design the case-based training programme and publish dates for the first year.',
            due: -60,
            status: 'closed',
            evidence: [
              {
                by: 'icb',
                title: 'Programme and booking list',
                text: 'Six face-to-face, case-based sessions published to all practices, with the booking list.',
                effectiveDaysAgo: 72,
                status: 'accepted',
                review: { by: 'manager', note: 'Programme seen; dates circulated to every practice.' },
              },
            ],
            updates: [
              { by: 'icb', note: 'Programme designed with the Named GP; six sessions booked.', daysAgo: 80 },
              {
                by: 'icb',
                note: 'Programme and dates published to all practices.',
                daysAgo: 70,
                from: 'in-progress',
                to: 'awaiting-evidence',
              },
              {
                by: 'manager',
                note: 'Evidence seen: programme and booking list.',
                daysAgo: 62,
                from: 'awaiting-evidence',
                to: 'closed',
              },
            ],
          },
          {
            org: 'riverside',
            owner: 'gp',
            description:
              'Make sure every clinician at Riverside Medical Centre attends a session within 12 months.',
            due: 45,
            status: 'in-progress',
            updates: [{ by: 'gp', note: 'Four of seven clinicians have attended so far.', daysAgo: 12 }],
          },
        ],
      },
      {
        text: 'The ICB should set up a GP Forum, led by the Named GP and the designated nurse, with a safeguarding lead from every practice, to discuss and spread learning from reviews.',
        learningPoints: [4],
        actions: [
          {
            org: 'icb',
            owner: 'namedGp',
            description: 'Hold the first GP Forum and agree its terms of reference.',
            evidence: [
              {
                by: 'namedGp',
                title: 'Minutes of the first GP Forum',
                text: 'Minutes and signed terms of reference. Five of six practices sent their safeguarding lead.',
                effectiveDaysAgo: 15,
                status: 'submitted',
              },
            ],
            due: -10,
            status: 'awaiting-evidence',
            updates: [
              {
                by: 'namedGp',
                note: 'First forum held; 5 of 6 practices attended. Terms of reference attached to minutes.',
                daysAgo: 14,
                from: 'in-progress',
                to: 'awaiting-evidence',
              },
            ],
          },
        ],
      },
      {
        text: 'Maternity and health visiting services should give safer-sleep advice to both parents and other carers at antenatal and postnatal contacts, covering alcohol, drugs and disrupted routines, and record who was advised.',
        learningPoints: [1, 2],
        actions: [
          {
            org: 'acute',
            owner: 'trust',
            description:
              'Update the maternity safer-sleep checklist to record each parent and carer advised.',
            evidence: [
              {
                by: 'trust',
                title: 'Draft safer-sleep checklist',
                text: 'Draft checklist with a line for each parent and carer advised.',
                effectiveDaysAgo: 25,
                status: 'returned',
                review: {
                  by: 'manager',
                  note: 'This is the draft: please send the checklist as approved and in use on the wards.',
                },
              },
            ],
            due: -20,
            slipped: 30,
            status: 'in-progress',
            updates: [
              { by: 'trust', note: 'Draft checklist with the records team.', daysAgo: 40 },
              {
                by: 'manager',
                note: 'Due date moved: the records system change was delayed.',
                daysAgo: 35,
                kind: 'due-date-change',
              },
            ],
          },
          {
            org: 'community',
            owner: 'hv',
            description: 'Audit 30 new-birth visits for safer-sleep advice given to fathers and partners.',
            due: 20,
            status: 'not-started',
          },
        ],
      },
      {
        text: 'The acute trust should make sure bereavement support after a stillbirth or neonatal death is offered to fathers, partners and siblings as well as mothers, and anticipates anxiety in later pregnancies.',
        learningPoints: [3],
        actions: [
          {
            org: 'acute',
            owner: 'trust',
            description:
              'Revise the bereavement care pathway to offer support to each family member, including fathers and siblings.',
            due: 75,
            status: 'not-started',
          },
        ],
      },
      {
        text: 'The local authority should continue to develop the Unborn Baby Network so that vulnerable babies are identified and supported at the earliest point in pregnancy.',
        learningPoints: [],
        actions: [
          {
            org: 'council',
            owner: 'la',
            description:
              'Report to the partnership board on referrals to the Unborn Baby Network by gestation at referral.',
            due: 5,
            status: 'in-progress',
            updates: [{ by: 'la', note: 'Data for the first two quarters collected.', daysAgo: 8 }],
          },
        ],
      },
    ],
  },
  {
    type: 'learning-review',
    status: 'local-review',
    subjectRef: 'Child Q',
    ageBand: '1-4',
    incidentDaysAgo: 120,
    awareDaysAgo: 118,
    summary:
      'Child Q, aged three, was found to be living in neglectful conditions after a neighbour called the police. ' +
      'Several agencies had seen the family in the previous year.',
    conclusion: '',
    reviewers: ['reviewer'],
    findings: ['Each agency saw part of the picture; no agency brought the concerns together.'],
    goodPractice: ['The nursery raised concerns promptly and followed them up in writing.'],
    learningPoints: [
      'Information about repeated missed health appointments was not shared with the nursery or children’s social care.',
      'Practitioners accepted explanations without professional curiosity about the home conditions.',
    ],
    recommendations: [
      {
        text: 'Partners should agree how missed health appointments for under-fives are shared with early years settings and children’s social care.',
        learningPoints: [1],
        actions: [
          {
            org: 'community',
            owner: 'community',
            description:
              'Agree an information-sharing protocol for missed appointments with children’s services.',
            due: 30,
            status: 'in-progress',
          },
          {
            org: 'council',
            description: 'Add missed-appointment information to the multi-agency referral form.',
            due: -5,
            status: 'not-started',
          },
        ],
      },
      {
        text: 'Police and children’s services should include professional curiosity about home conditions in their joint training.',
        learningPoints: [2],
        actions: [
          {
            org: 'police',
            owner: 'police',
            description: 'Deliver a joint briefing on professional curiosity to response officers.',
            due: 60,
            status: 'not-started',
          },
        ],
      },
    ],
  },
];

export async function seedDemoReviews(tx: Queryable, ids: DemoIds): Promise<void> {
  const today = londonToday();
  const day = (offset: number) => addDays(today, offset);
  const user = (key: string) => {
    const id = ids.users[key];
    if (!id) throw new Error(`Unknown demo user ${key}`);
    return id;
  };
  for (const r of REVIEWS) {
    const [review] = await tx.query<{ id: string }>(
      `INSERT INTO reviews (type, status, subject_ref, age_band, incident_date, aware_date, panel_notified_date,
                            lcspr_decision_date, summary, conclusion, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        r.type,
        r.status,
        r.subjectRef,
        r.ageBand,
        day(-r.incidentDaysAgo),
        day(-r.awareDaysAgo),
        r.panelNotifiedDaysAgo ? day(-r.panelNotifiedDaysAgo) : null,
        r.decisionDaysAgo ? day(-r.decisionDaysAgo) : null,
        r.summary,
        r.conclusion,
        user('manager'),
        new Date(`${day(-r.awareDaysAgo)}T10:00:00Z`),
      ],
    );
    const reviewId = review!.id;
    // The rapid review went to the Panel with its decision, on the day of the decision; a review
    // at final report sent its report to the Panel six weeks ago (publication is what remains).
    await tx.query(
      `UPDATE reviews SET rapid_review_sent_date = lcspr_decision_date WHERE id = $1 AND lcspr_decision_date IS NOT NULL`,
      [reviewId],
    );
    if (r.status === 'final-report')
      await tx.query('UPDATE reviews SET report_sent_date = $2 WHERE id = $1', [reviewId, day(-42)]);
    for (const key of r.reviewers) {
      await tx.query('INSERT INTO review_reviewers (review_id, user_id) VALUES ($1, $2)', [
        reviewId,
        user(key),
      ]);
    }
    const learningPointIds: string[] = [];
    const points: [string, string[]][] = [
      ['finding', r.findings],
      ['good-practice', r.goodPractice],
      ['learning-point', r.learningPoints],
    ];
    for (const [kind, texts] of points) {
      for (const [i, text] of texts.entries()) {
        const [p] = await tx.query<{ id: string }>(
          'INSERT INTO review_points (review_id, kind, number, text) VALUES ($1, $2, $3, $4) RETURNING id',
          [reviewId, kind, i + 1, text],
        );
        if (kind === 'learning-point') learningPointIds.push(p!.id);
      }
    }
    for (const [i, rec] of r.recommendations.entries()) {
      const [row] = await tx.query<{ id: string }>(
        'INSERT INTO recommendations (review_id, number, text) VALUES ($1, $2, $3) RETURNING id',
        [reviewId, i + 1, rec.text],
      );
      for (const n of rec.learningPoints) {
        await tx.query(
          'INSERT INTO recommendation_learning_points (recommendation_id, learning_point_id) VALUES ($1, $2)',
          [row!.id, learningPointIds[n - 1]],
        );
      }
      for (const a of rec.actions) {
        const [action] = await tx.query<{ id: string }>(
          `INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date, status, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            row!.id,
            ids.orgs[a.org],
            a.owner ? user(a.owner) : null,
            a.description,
            day(a.due),
            day(a.due - (a.slipped ?? 0)),
            a.status,
            a.status === 'closed' ? new Date() : null,
          ],
        );
        for (const e of a.evidence ?? []) {
          const uploadedAt = new Date(Date.now() - e.effectiveDaysAgo * 86_400_000);
          const [ev] = await tx.query<{ id: string }>(
            `INSERT INTO evidence (action_id, title, status, review_note, reviewed_by, reviewed_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [
              action!.id,
              e.title,
              e.status,
              e.review?.note ?? '',
              e.review ? user(e.review.by) : null,
              e.review ? new Date(uploadedAt.getTime() + 3 * 86_400_000) : null,
              user(e.by),
              uploadedAt,
            ],
          );
          await tx.query(
            `INSERT INTO evidence_versions (evidence_id, version_number, text, effective_date, uploaded_by, uploaded_at)
             VALUES ($1, 1, $2, $3, $4, $5)`,
            [ev!.id, e.text, day(-e.effectiveDaysAgo), user(e.by), uploadedAt],
          );
        }
        if (a.slipped) {
          await tx.query(
            `INSERT INTO action_due_date_changes (action_id, from_date, to_date, reason, changed_by, changed_at)
             VALUES ($1, $2, $3, $4, $5, now() - interval '35 days')`,
            [
              action!.id,
              day(a.due - a.slipped),
              day(a.due),
              'The records system change was delayed by the supplier.',
              user('manager'),
            ],
          );
        }
        for (const u of a.updates ?? []) {
          await tx.query(
            `INSERT INTO action_updates (action_id, author_user_id, kind, note, from_status, to_status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              action!.id,
              user(u.by),
              u.kind ??
                (u.to
                  ? u.from === 'awaiting-evidence' && u.to !== 'closed'
                    ? 'returned'
                    : 'status-change'
                  : 'progress'),
              u.note,
              u.from ?? null,
              u.to ?? null,
              new Date(Date.now() - u.daysAgo * 86_400_000),
            ],
          );
        }
      }
    }
  }
}
