import type { Queryable } from '../../platform/db/index.ts';
import { formatDate } from '../../platform/views/filters.ts';
import type { NewNotification, NotificationKind } from '../notifications/index.ts';
import { chasesReached, stagesReached, type ItemSource, type ReminderStage } from '../reminders/index.ts';
import type { RequestsService } from './requests.service.ts';

/**
 * Information requests as the reminder job sees them. The organisation's leads answer a request,
 * so they are reminded before it is due, chased when it is late and again each week it stays
 * late; the business unit is told after the escalation period, as for actions.
 */
export function requestReminderSource(
  requests: Pick<RequestsService, 'openRequestsForReminders' | 'leadsOf'>,
  businessUnit: (tx: Queryable) => Promise<string[]>,
  db: Queryable,
): ItemSource {
  return async (day, rules) => {
    const open = await requests.openRequestsForReminders(db);
    return open.flatMap((request) => {
      const stages: ReminderStage[] = stagesReached(request.dueDate, day, rules).filter(
        // The leads are the ones who answer: "escalated to the lead" would tell them twice.
        (stage) => stage !== 'escalated-lead',
      );
      if (request.dueDate < day) stages.push(...chasesReached(request.dueDate, day));
      if (!stages.length) return [];
      const due = formatDate(request.dueDate);
      const link = `/requests/${request.id}`;
      const about = `the review of ${request.subjectRef}`;
      const forLeads = (kind: NotificationKind, subject: string, body: string) => async (tx: Queryable) =>
        (await requests.leadsOf(tx, request.organisationId)).map((userId): NewNotification => ({
          userId,
          kind,
          subject,
          body,
          link,
        }));
      const messages: Record<string, (tx: Queryable) => Promise<NewNotification[]>> = {
        'due-soon': forLeads(
          'request-due-soon',
          `Information request due on ${due}`,
          `Your organisation's return for ${about} is due on ${due}.`,
        ),
        'due-today': forLeads(
          'request-due-soon',
          'Information request due today',
          `Your organisation's return for ${about} is due today (${due}).`,
        ),
        overdue: forLeads(
          'request-overdue',
          `Information request overdue: ${request.subjectRef}`,
          `Your organisation's return for ${about} was due on ${due} and has not been sent. The rapid review needs it: please send it, or tell the business unit when it will come.`,
        ),
        'escalated-business-unit': async (tx) =>
          (await businessUnit(tx)).map((userId) => ({
            userId,
            kind: 'request-escalated' as const,
            subject: `Information request still not returned: ${request.subjectRef}`,
            body: `A return for ${about} was due on ${due} and has still not been sent, after reminders to the organisation's leads.`,
            link,
          })),
      };
      return [
        {
          itemType: 'information-request',
          id: request.id,
          dueDate: request.dueDate,
          stages,
          async messagesFor(tx: Queryable, stage: ReminderStage) {
            const chase = stage.startsWith('chase-') ? messages.overdue : messages[stage];
            return chase ? chase(tx) : [];
          },
        },
      ];
    });
  };
}
