import { londonToday } from '../../platform/clock.ts';
import { NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf } from '../audit/index.ts';
import { certificatePdf } from './certificate.pdf.ts';
import { FeedbackInput } from './training.schema.ts';
import type { TrainingDeps } from './training.service.ts';

/** What an attendee does after a session: gives feedback, downloads a certificate. */
export function createAttendeeService({ db, training, audit }: Omit<TrainingDeps, 'notify'>) {
  async function ownAttendance(actor: Actor, sessionId: string) {
    const session = isUuid(sessionId) ? await training.findSession(db, sessionId) : undefined;
    if (!session) throw new NotFound('Session');
    const booking = await training.liveBookingOf(db, sessionId, actor.id);
    return { session, booking };
  }

  return {
    /** The session and whether the actor may give feedback on it (attended, not yet given). */
    async feedbackForm(actor: Actor, sessionId: string) {
      const { session, booking } = await ownAttendance(actor, sessionId);
      if (!booking || booking.attendance !== 'attended') throw new NotFound('Your attendance');
      return { session, given: booking.hasFeedback };
    },

    /** An attendee's rating (1 to 5) and comments, once per session. */
    async giveFeedback(actor: Actor, sessionId: string, input: unknown) {
      const { booking } = await ownAttendance(actor, sessionId);
      if (!booking || booking.attendance !== 'attended') throw new NotFound('Your attendance');
      const data = parseOrThrow(FeedbackInput, input);
      await db.transaction(async (tx) => {
        if (!(await training.insertFeedback(tx, booking.id, data.rating, data.comments)))
          throw new ValidationFailed([
            { path: 'rating', message: 'You have already given feedback on this session' },
          ]);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-feedback.given',
          subjectType: 'training-session',
          subjectId: sessionId,
          after: { bookingId: booking.id, rating: data.rating },
        });
      });
      return data;
    },

    /**
     * A certificate for someone who attended: for the person, a lead of their organisation, or the
     * business unit. Anyone else, or a place not taken and attended, gets a 404.
     */
    async certificate(actor: Actor, sessionId: string, bookingId: string) {
      const session = isUuid(sessionId) ? await training.findSession(db, sessionId) : undefined;
      const b = session && isUuid(bookingId) ? await training.findBooking(db, bookingId) : undefined;
      const allowed =
        b &&
        (actor.role === 'business-unit' ||
          b.userId === actor.id ||
          (actor.role === 'organisation-lead' && actor.organisationId === b.organisationId));
      if (
        !session ||
        !b ||
        b.sessionId !== session.id ||
        b.status !== 'booked' ||
        b.attendance !== 'attended' ||
        !allowed
      )
        throw new NotFound('Certificate');
      const pdf = await certificatePdf({
        name: b.name,
        organisationName: b.organisationName,
        courseTitle: session.courseTitle,
        date: session.date,
        startTime: session.startTime,
        endTime: session.endTime,
        facilitator: session.facilitator,
        issuedOn: londonToday(),
      });
      return {
        pdf,
        fileName: `certificate-${session.date}-${b.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`,
      };
    },
  };
}
export type AttendeeService = ReturnType<typeof createAttendeeService>;
