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
const BEREAVEMENT = 'Revise the bereavement care pathway';

/** A few weeks of reminders for the demo people, some read and some not. All fictional. */
const NOTIFICATIONS: DemoNotification[] = [
  // History only, all read: the reminders due today are sent by the real reminder service when
  // the demo loads, so they are exactly what the job would send (and it sends them once).
  {
    to: 'trust',
    kind: 'action-due-soon',
    subject: 'Action due soon: Baby T, update the maternity safer-sleep checklist',
    body: 'Submit evidence before the due date, or ask the business unit to move it and say why.',
    action: CHECKLIST,
    hoursAgo: 24 * 27,
    read: true,
    emailed: true,
  },
  {
    to: 'trust',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'You own 2 open actions: 1 due in the next 2 weeks. Nothing is waiting for your evidence check.',
    hoursAgo: 24 * 10,
    read: true,
  },
  {
    to: 'hv',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'You own 1 open action, due in 4 weeks.',
    hoursAgo: 24 * 9,
    read: true,
    emailed: true,
  },
  {
    to: 'manager',
    kind: 'weekly-digest',
    subject: 'Your week in Lantern',
    body: 'Across the partnership, 1 action is overdue.',
    hoursAgo: 24 * 8,
    read: true,
  },
  {
    to: 'trust',
    kind: 'action-due-soon',
    subject: 'Coming up: revise the bereavement care pathway (Baby T)',
    body: 'Due in 75 days.',
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
