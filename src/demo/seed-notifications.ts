import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

interface DemoNotification {
  to: string;
  kind: string;
  subject: string;
  body: string;
  /** The demo action (by the start of its description) the notification is about. */
  action?: string;
  hoursAgo: number;
  read?: boolean;
  /** Also queued as an e-mail in the outbox (unsent: the demo has no e-mail service). */
  emailed?: boolean;
}

const CHECKLIST = 'Update the maternity safer-sleep checklist';
const AUDIT = 'Audit 30 new-birth visits';
const BEREAVEMENT = 'Revise the bereavement care pathway';

/** A few weeks of reminders for the demo people, some read and some not. All fictional. */
const NOTIFICATIONS: DemoNotification[] = [
  {
    to: 'trust',
    kind: 'action-overdue',
    subject: 'Overdue: update the maternity safer-sleep checklist (Baby T)',
    body: 'This action was due 20 days ago. Its evidence was returned: the business unit asked for the checklist as approved and in use on the wards.',
    action: CHECKLIST,
    hoursAgo: 3,
    emailed: true,
  },
  {
    to: 'trust',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'You own 2 open actions: 1 overdue, 1 due in more than 30 days. Nothing is waiting for your evidence check.',
    hoursAgo: 74,
  },
  {
    to: 'trust',
    kind: 'action-due-soon',
    subject: 'Due in 5 working days: update the maternity safer-sleep checklist (Baby T)',
    body: 'Submit evidence before the due date, or ask the business unit to move it and say why.',
    action: CHECKLIST,
    hoursAgo: 24 * 27,
    read: true,
  },
  {
    to: 'hv',
    kind: 'action-due-soon',
    subject: 'Due in 20 days: audit 30 new-birth visits for safer-sleep advice (Baby T)',
    body: 'You have not started this action yet. Record progress on the action page when you do.',
    action: AUDIT,
    hoursAgo: 5,
    emailed: true,
  },
  {
    to: 'hv',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'You own 1 open action, due in 20 days.',
    hoursAgo: 98,
    read: true,
  },
  {
    to: 'manager',
    kind: 'action-escalated',
    subject: 'Escalated: the trust’s safer-sleep checklist action is 20 days overdue',
    body: 'Brookvale Hospitals NHS Trust has not submitted accepted evidence. The owner, Fiona Delaney, has been reminded.',
    action: CHECKLIST,
    hoursAgo: 2,
  },
  {
    to: 'manager',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'Across the partnership: 1 action overdue, 1 due in the next 30 days, 1 evidence submission waiting for a check.',
    hoursAgo: 76,
    read: true,
  },
  {
    to: 'trust',
    kind: 'action-due-soon',
    subject: 'Coming up: revise the bereavement care pathway (Baby T)',
    body: 'Due in 75 days. No reminder will come again until 5 working days before.',
    action: BEREAVEMENT,
    hoursAgo: 24 * 9,
    read: true,
  },
];

/** Demo inboxes, and two e-mails waiting in the outbox for the admin page to show. */
export async function seedDemoNotifications(tx: Queryable, ids: DemoIds): Promise<void> {
  for (const n of NOTIFICATIONS) {
    const link = n.action ? await actionLink(tx, n.action) : null;
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO notifications (user_id, kind, subject, body, link, created_at, read_at)
       VALUES ($1, $2, $3, $4, $5, now() - make_interval(hours => $6::int),
               CASE WHEN $7::boolean THEN now() - make_interval(hours => $6::int) + interval '1 hour' END)
       RETURNING id`,
      [ids.users[n.to], n.kind, n.subject, n.body, link, n.hoursAgo, n.read ?? false],
    );
    if (n.emailed) {
      await tx.query(
        `INSERT INTO outbox (to_address, subject, body, user_id, notification_id, created_at)
         SELECT email, $2, $3, id, $4, now() - make_interval(hours => $5::int) FROM users WHERE id = $1`,
        [
          ids.users[n.to],
          n.subject,
          link ? `${n.body}\n\nOpen it in Lantern: ${link}` : n.body,
          row!.id,
          n.hoursAgo,
        ],
      );
    }
  }
}

async function actionLink(tx: Queryable, descriptionStart: string): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    'SELECT id FROM actions WHERE left(description, length($1)) = $1 ORDER BY created_at LIMIT 1',
    [descriptionStart],
  );
  return rows[0] ? `/actions/${rows[0].id}` : null;
}
