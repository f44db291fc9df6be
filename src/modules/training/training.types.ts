/** A course of the training programme, built from case scenarios. */
export interface Course {
  id: string;
  title: string;
  summary: string;
  audience: string;
  version: number;
  scenarioCount: number;
  upcomingSessions: number;
  createdAt: Date;
}

/** A learning point a scenario draws on. */
export interface ScenarioPoint {
  id: string;
  number: number;
  text: string;
}

/** A case scenario: what happened, questions to discuss, and the review and learning points behind it. */
export interface Scenario {
  id: string;
  courseId: string;
  number: number;
  title: string;
  scenario: string;
  questions: string[];
  reviewId: string | null;
  reviewRef: string | null;
  /** A review from the library of other areas' reviews, shown as "title — area, year". */
  libraryReviewId: string | null;
  libraryReviewTitle: string | null;
  learningPoints: ScenarioPoint[];
  version: number;
}

export const SESSION_MODES = { 'in-person': 'Face to face', online: 'Online' } as const;
export type SessionMode = keyof typeof SESSION_MODES;

/** A dated session of a course, with how many places are taken. */
export interface TrainingSession {
  id: string;
  courseId: string;
  courseTitle: string;
  date: string;
  startTime: string;
  endTime: string;
  mode: SessionMode;
  venue: string;
  onlineLink: string;
  capacity: number;
  facilitator: string;
  version: number;
  booked: number;
  waiting: number;
  attended: number;
  /** Set when the business unit called the whole session off; it then takes no bookings. */
  cancelledAt: Date | null;
  cancelled: boolean;
  cancelReason: string;
}

/** A review from the library of other areas' reviews a scenario may draw on. */
export interface LibraryChoice {
  id: string;
  title: string;
  area: string;
  year: number | null;
}

export type BookingStatus = 'booked' | 'waiting' | 'cancelled';
export type Attendance = 'attended' | 'did-not-attend';

/** A person's place on a session, or in its waiting list. */
export interface Booking {
  id: string;
  sessionId: string;
  userId: string;
  name: string;
  jobTitle: string | null;
  organisationId: string;
  organisationName: string;
  bookedBy: string;
  status: BookingStatus;
  queuedAt: Date;
  attendance: Attendance | null;
  hasFeedback: boolean;
}

export interface FeedbackSummary {
  count: number;
  average: number | null;
  /** How many gave each rating, 1 to 5. */
  byRating: number[];
  comments: { rating: number; comments: string }[];
}

/** One organisation's reach for a course in the window. */
export interface CoverageItem {
  organisationId: string;
  organisationName: string;
  organisationType: string;
  /** The date of the last session someone from it attended, 'YYYY-MM-DD', or null. */
  lastAttended: string | null;
  attendees: number;
}

export type { LearningEvidence } from '../learning/index.ts';
