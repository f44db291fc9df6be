import type { Queryable } from '../../platform/db/index.ts';
import { formatDate } from '../../platform/views/filters.ts';
import type { NewNotification } from '../notifications/index.ts';
import { stagesReached, type ItemSource } from '../reminders/index.ts';
import type { ReviewsService } from './reviews.service.ts';

/**
 * The statutory clocks as the reminder job sees them: the business unit, which keeps them, is told
 * before each step is due, on the day, and once when it is missed. (The deadlines page lists them
 * all; these make sure nobody has to remember to look.)
 */
export function statutoryDeadlineSource(
  reviews: Pick<ReviewsService, 'statutoryStepsDue'>,
  businessUnit: (tx: Queryable) => Promise<string[]>,
): ItemSource {
  return async (day, rules) => {
    const steps = await reviews.statutoryStepsDue(day, rules.reminderDaysBeforeDue);
    return steps.flatMap((step) => {
      const stages = stagesReached(step.due, day, rules).filter(
        (s) => s === 'due-soon' || s === 'due-today' || s === 'overdue',
      );
      if (!stages.length) return [];
      const due = formatDate(step.due);
      const link = `/reviews/${step.reviewId}#deadlines`;
      const text = {
        'due-soon': [`Due on ${due}`, `is due on ${due}`],
        'due-today': ['Due today', `is due today (${due})`],
        overdue: ['Missed', `was due on ${due} and has not been recorded as done`],
      } as const;
      return [
        {
          itemType: 'review-deadline',
          id: step.reviewId,
          dueDate: step.due,
          // Several steps of one review share its id: the step's name keeps their reminders apart.
          stages: stages.map((s) => `${step.step}:${s}`),
          async messagesFor(tx: Queryable, stage: string) {
            const which = stage.split(':')[1] as keyof typeof text;
            const [title, sentence] = text[which];
            return (await businessUnit(tx)).map((userId): NewNotification => ({
              userId,
              kind: which === 'overdue' ? 'deadline-overdue' : 'deadline-due-soon',
              subject: `${title}: ${step.label} (${step.subjectRef})`,
              body: `For the review of ${step.subjectRef}, "${step.label}" ${sentence}.`,
              link,
            }));
          },
        },
      ];
    });
  };
}
