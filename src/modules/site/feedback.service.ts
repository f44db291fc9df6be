import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { Feedback, FeedbackRepository } from './feedback.repository.ts';

const FeedbackSchema = z.object({
  text: z
    .string({ error: 'Enter your feedback' })
    .trim()
    .min(1, 'Enter your feedback')
    .max(5_000, 'Your feedback must be 5,000 characters or fewer'),
  page: z.string().max(500).optional(),
});

/** Feedback about Lantern itself. Nobody should put a child's details here, and the page says so. */
export function createFeedbackService({ db, feedback }: { db: Db; feedback: FeedbackRepository }) {
  return {
    async give(actor: Actor | null, input: unknown): Promise<void> {
      const data = parseOrThrow(FeedbackSchema, input);
      await feedback.insert(db, { text: data.text, page: data.page ?? '', userId: actor?.id ?? null });
    },
    async list(actor: Actor): Promise<Feedback[]> {
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the partnership business unit reads feedback');
      return feedback.latest(db, 200);
    },
  };
}
export type FeedbackService = ReturnType<typeof createFeedbackService>;
