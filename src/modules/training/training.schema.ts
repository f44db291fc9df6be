import { z } from 'zod';
import { isoDate } from '../../platform/schema.ts';
import { SESSION_MODES } from './training.types.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(
      max,
      `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('');
const time = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter the ${label} as 24-hour time, like 09:30`);

export const CourseInput = z.object({
  title: text('the title', 200),
  summary: optionalText('The summary', 5_000),
  audience: optionalText('The audience', 500),
});

export const ScenarioInput = z.object({
  title: text('the scenario title', 200),
  scenario: text('the scenario', 10_000),
  questions: z
    .array(z.string().trim().max(1_000, 'Each question must be 1,000 characters or fewer'))
    .optional()
    .default([])
    .transform((qs) => qs.filter(Boolean)),
  reviewId: z.string().uuid('Select a review from the list').optional(),
  libraryReviewId: z.string().uuid('Select a review from the library list').optional(),
  learningPointIds: z.array(z.string().uuid('Select learning points from the list')).optional().default([]),
});

export const SessionInput = z.object({
  date: isoDate('the date of the session'),
  startTime: time('start time'),
  endTime: time('end time'),
  mode: z.enum(Object.keys(SESSION_MODES) as ['in-person', 'online'], {
    error: 'Select face to face or online',
  }),
  venue: optionalText('The venue', 300),
  onlineLink: optionalText('The link', 500),
  capacity: z.coerce
    .number({ error: 'Enter the number of places as a number, like 12' })
    .int('The number of places must be a whole number')
    .min(1, 'The number of places must be 1 or more')
    .max(500, 'The number of places must be 500 or fewer'),
  facilitator: text('the facilitator', 200),
});

export const SessionCancelInput = z.object({
  reason: text('why the session is cancelled', 2_000),
});

export const FeedbackInput = z.object({
  rating: z.coerce
    .number({ error: 'Select a rating from 1 to 5' })
    .int('Select a rating from 1 to 5')
    .min(1, 'Select a rating from 1 to 5')
    .max(5, 'Select a rating from 1 to 5'),
  comments: optionalText('Your comments', 5_000),
});

export const monthsParam = z.coerce
  .number({ error: 'Months must be a whole number from 1 to 36' })
  .int('Months must be a whole number from 1 to 36')
  .min(1, 'Months must be a whole number from 1 to 36')
  .max(36, 'Months must be a whole number from 1 to 36');

/** The contract's kinds of organisation, as the organisations module defines them. */
export { ORGANISATION_TYPES } from '../organisations/index.ts';

// Responses (they feed /api/openapi.json).
export const CourseResponse = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  audience: z.string(),
  version: z.number().int(),
  scenarioCount: z.number().int(),
  upcomingSessions: z.number().int(),
});

export const ScenarioResponse = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  scenario: z.string(),
  questions: z.array(z.string()),
  reviewId: z.string().nullable(),
  reviewRef: z.string().nullable(),
  libraryReviewId: z.string().nullable().describe('A review from the library of other areas’ reviews'),
  learningPoints: z.array(z.object({ id: z.string(), number: z.number().int(), text: z.string() })),
});

export const SessionResponse = z.object({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  mode: z.enum(['in-person', 'online']),
  venue: z.string(),
  onlineLink: z
    .string()
    .nullable()
    .describe(
      'The link to join an online session: null unless the caller has a place, or is the business unit',
    ),
  capacity: z.number().int(),
  facilitator: z.string(),
  version: z.number().int(),
  booked: z.number().int(),
  waiting: z.number().int(),
  placesLeft: z.number().int(),
  cancelled: z.boolean().describe('The whole session was called off; it takes no bookings'),
  cancelReason: z.string(),
});

export const BookingResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  userId: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  status: z.enum(['booked', 'waiting', 'cancelled']),
  attendance: z.enum(['attended', 'did-not-attend']).nullable(),
});

export const CoverageResponse = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  organisationType: z.string(),
  lastAttended: z.string().nullable().describe('YYYY-MM-DD of the last session attended in the window'),
  attendees: z.number().int().describe('Different people from the organisation who attended'),
});
