import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { formatDate } from '../../platform/views/filters.ts';
import type { NewNotification, NotificationKind } from '../notifications/index.ts';
import type { ActionDue, Recipient, RemindersRepository } from './reminders.repository.ts';
import { isoWeekOf, stagesReached, type ReminderPolicy, type ReminderStage } from './reminders.rules.ts';

interface Deps {
  db: Db;
  reminders: RemindersRepository;
  notify(tx: Queryable, message: NewNotification): Promise<unknown>;
  policy(): Promise<ReminderPolicy>;
  /** Other things with due dates to chase (information requests), besides actions. */
  sources?: ItemSource[];
  today?: () => string;
}

/** Finds the items of one kind that have reached a reminder stage today. */
export type ItemSource = (day: string, rules: ReminderPolicy) => Promise<RemindableItem[]>;

/** Something with a due date that the reminder job chases (an action, an information request). */
export interface RemindableItem {
  itemType: string;
  id: string;
  dueDate: string;
  /** The stages this item has reached today (usually ReminderStage values; any stable name will do). */
  stages: string[];
  /** Who hears about a stage, and what they are told. */
  messagesFor(tx: Queryable, stage: string): Promise<NewNotification[]>;
}

export interface RunSummary {
  /** Reminders this run sent (a reminder already sent, by this or another worker, is not counted). */
  sent: number;
  notifications: number;
}

const ACTION_KIND: Record<string, NotificationKind> = {
  'due-soon': 'action-due-soon',
  'due-today': 'action-due-today',
  overdue: 'action-overdue',
  'escalated-lead': 'action-escalated',
  'escalated-business-unit': 'action-escalated',
};

export function createRemindersService({
  db,
  reminders,
  notify,
  policy,
  sources = [],
  today = londonToday,
}: Deps) {
  const ids = (people: Recipient[]) => [...new Set(people.map((p) => p.id))];

  /** The owner if still active; otherwise the organisation's leads, so nothing goes unheard. */
  async function ownerOrLeads(tx: Queryable, action: ActionDue): Promise<string[]> {
    const owner = action.ownerUserId ? await reminders.activeUser(tx, action.ownerUserId) : undefined;
    return owner ? [owner.id] : ids(await reminders.organisationLeads(tx, action.organisationId));
  }

  function actionItem(action: ActionDue, stages: ReminderStage[]): RemindableItem {
    const what = `${action.ref}: ${action.description}`;
    const due = formatDate(action.dueDate);
    const ref = action.ref;
    const link = `/actions/${action.id}`;
    const text: Record<string, { subject: string; body: string }> = {
      'due-soon': {
        subject: `Action due on ${due}: ${ref}`,
        body: `An action you own is due on ${due}.\n\n${what}`,
      },
      'due-today': {
        subject: `Action due today: ${ref}`,
        body: `An action you own is due today (${due}).\n\n${what}`,
      },
      overdue: {
        subject: `Action overdue: ${ref}`,
        body: `An action you own was due on ${due} and is not closed. Add an update, submit evidence or ask to change the due date.\n\n${what}`,
      },
      'escalated-lead': {
        subject: `Overdue action for ${action.organisationName}: ${ref}`,
        body: `This action for ${action.organisationName} was due on ${due} and is still open.\n\n${what}`,
      },
      'escalated-business-unit': {
        subject: `Overdue action escalated: ${action.organisationName}, ${ref}`,
        body: `This action for ${action.organisationName} was due on ${due}, is still open, and its organisation lead has been told.\n\n${what}`,
      },
    };
    return {
      itemType: 'action',
      id: action.id,
      dueDate: action.dueDate,
      stages,
      async messagesFor(tx, stage) {
        let recipients: string[];
        if (stage === 'escalated-lead') {
          // Leads who already heard as stand-in owners (no active owner) are not told twice.
          const told = new Set(await ownerOrLeads(tx, action));
          const leads = ids(await reminders.organisationLeads(tx, action.organisationId));
          recipients = leads.filter((id) => !told.has(id));
        } else if (stage === 'escalated-business-unit') {
          recipients = ids(await reminders.businessUnit(tx));
        } else {
          recipients = await ownerOrLeads(tx, action);
        }
        const kind = ACTION_KIND[stage];
        const message = text[stage];
        if (!kind || !message) return [];
        return recipients.map((userId) => ({ userId, kind, link, ...message }));
      },
    };
  }

  /**
   * Sends one reminder stage of one item in its own transaction: the claim in `reminders_sent`
   * and the notifications commit together or not at all, so a crash mid-way sends nothing and
   * the retried job sends it once.
   */
  async function sendOnce(item: RemindableItem, stage: string): Promise<number | null> {
    return db.transaction(async (tx) => {
      const claimed = await reminders.claim(tx, {
        itemType: item.itemType,
        itemId: item.id,
        stage,
        dueDate: item.dueDate,
      });
      if (!claimed) return null;
      const messages = await item.messagesFor(tx, stage);
      for (const message of messages) await notify(tx, message);
      return messages.length;
    });
  }

  async function sendAll(items: RemindableItem[]): Promise<RunSummary> {
    const summary: RunSummary = { sent: 0, notifications: 0 };
    for (const item of items) {
      for (const stage of item.stages) {
        const sent = await sendOnce(item, stage);
        if (sent !== null) {
          summary.sent++;
          summary.notifications += sent;
        }
      }
    }
    return summary;
  }

  const actionItems: ItemSource = async (day, rules) => {
    const actions = await reminders.openActionsDueBy(db, addDays(day, rules.reminderDaysBeforeDue));
    return actions
      .map((a) => actionItem(a, stagesReached(a.dueDate, day, rules)))
      .filter((item) => item.stages.length > 0);
  };

  return {
    /**
     * Sends every reminder and escalation due today that has not been sent. Safe to run as often
     * as you like, on as many instances as you like: each is sent once per item, stage and due date.
     */
    async run(): Promise<RunSummary> {
      const day = today();
      const rules = await policy();
      const items: RemindableItem[] = [];
      for (const source of [actionItems, ...sources]) items.push(...(await source(day, rules)));
      return sendAll(items);
    },

    /**
     * A weekly summary for each person with something open: their actions (and, for a lead, their
     * organisation's) that are overdue or due in the next fortnight; for the business unit, the
     * partnership's overdue count. Sent once per person per ISO week, on the first run of the week.
     */
    async sendWeeklyDigests(): Promise<RunSummary> {
      const day = today();
      const { week, monday } = isoWeekOf(day);
      const summary: RunSummary = { sent: 0, notifications: 0 };
      const fortnight = addDays(day, 14);
      const partnershipOverdue = await reminders.overdueActionCount(db, day);
      for (const person of await reminders.digestRecipients(db)) {
        const actions = await reminders.openActionsFor(db, {
          userId: person.id,
          organisationId: person.role === 'organisation-lead' ? person.organisationId : null,
        });
        const overdue = actions.filter((a) => a.dueDate < day);
        const dueSoon = actions.filter((a) => a.dueDate >= day && a.dueDate <= fortnight);
        const lines: string[] = [];
        if (overdue.length) {
          lines.push(`Overdue (${overdue.length}):`);
          for (const a of overdue)
            lines.push(`- ${a.shortRef}: ${a.description} (due ${formatDate(a.dueDate)})`);
        }
        if (dueSoon.length) {
          lines.push(`Due in the next 2 weeks (${dueSoon.length}):`);
          for (const a of dueSoon)
            lines.push(`- ${a.shortRef}: ${a.description} (due ${formatDate(a.dueDate)})`);
        }
        if (person.role === 'business-unit' && partnershipOverdue > 0)
          lines.push(
            `Across the partnership, ${partnershipOverdue} action${partnershipOverdue === 1 ? ' is' : 's are'} overdue.`,
          );
        if (!lines.length) continue;
        const sent = await db.transaction(async (tx) => {
          if (
            !(await reminders.claim(tx, {
              itemType: 'digest',
              itemId: person.id,
              stage: week,
              dueDate: monday,
            }))
          )
            return false;
          await notify(tx, {
            userId: person.id,
            kind: 'weekly-digest',
            subject: `Your week in Lantern: week beginning ${formatDate(monday)}`,
            body: lines.join('\n'),
            link: '/actions',
          });
          return true;
        });
        if (sent) {
          summary.sent++;
          summary.notifications++;
        }
      }
      return summary;
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
