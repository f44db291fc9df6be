import { addMonthsClamped } from '../modules/clocks/index.ts';
import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

export const RECURRING_DEMO_DESCRIPTION =
  'Re-audit safer-sleep advice recorded at new-birth visits every 6 months';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/**
 * A repeating action in Baby T's plan: the health visiting service re-audits its safer-sleep
 * records every 6 months. The first audit was closed; closing it made the current, open one.
 */
export async function seedDemoRecurring(tx: Queryable, ids: DemoIds): Promise<void> {
  const [recommendation] = await tx.query<{ id: string }>(
    `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id
      WHERE r.subject_ref = 'Baby T' AND rc.text LIKE 'Maternity and health visiting services should give safer-sleep advice%'`,
  );
  if (!recommendation) throw new Error('The Baby T safer-sleep recommendation is missing from the demo');
  const previousDue = addDays(londonToday(), -160);
  const currentDue = addMonthsClamped(previousDue, 6);
  const insert = async (a: {
    dueDate: string;
    status: string;
    closedDaysAgo?: number;
    previous?: string;
  }) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date,
                            status, closed_at, recurrence_months, previous_occurrence_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, 6, $8, $9) RETURNING id`,
      [
        recommendation.id,
        ids.orgs.community,
        ids.users.hv,
        RECURRING_DEMO_DESCRIPTION,
        a.dueDate,
        a.status,
        a.closedDaysAgo === undefined ? null : daysAgo(a.closedDaysAgo),
        a.previous ?? null,
        daysAgo(a.previous ? 163 : 200),
      ],
    );
    return row!.id;
  };
  const previousId = await insert({ dueDate: previousDue, status: 'closed', closedDaysAgo: 163 });
  await insert({ dueDate: currentDue, status: 'not-started', previous: previousId });
  const updates: [string, string, string | null, string | null, number][] = [
    ['hv', 'Audited 30 new-birth visits: 24 recorded advice given to both parents.', null, null, 170],
    ['hv', 'Audit report sent to the partnership.', 'in-progress', 'awaiting-evidence', 168],
    [
      'manager',
      'Audit report seen. The next audit is due in six months.',
      'awaiting-evidence',
      'closed',
      163,
    ],
  ];
  for (const [by, note, from, to, days] of updates) {
    await tx.query(
      `INSERT INTO action_updates (action_id, author_user_id, kind, note, from_status, to_status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [previousId, ids.users[by], to ? 'status-change' : 'progress', note, from, to, daysAgo(days)],
    );
  }
}
