import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { trainingApi } from './training.api.ts';
import { coveragePages } from './coverage.pages.ts';
import { trainingPages } from './training.pages.ts';
import { sessionPages } from './sessions.pages.ts';
import { changePages } from './changes.pages.ts';

export { createTrainingRepository, type TrainingRepository } from './training.repository.ts';
export { createTrainingService, type TrainingService } from './training.service.ts';
export { createAttendeeService, type AttendeeService } from './attendee.service.ts';
export { createReachService, type ReachService } from './reach.service.ts';
export type { CoverageItem, Course, LearningEvidence, Scenario, TrainingSession } from './training.types.ts';

/**
 * The training programme: courses of case scenarios, rolling sessions with booking and a waiting
 * list, attendance, certificates, feedback, and coverage by organisation. For a recommendation's
 * evidence of learning: `services.trainingReach.learningEvidence(actor, recommendationId)`, or
 * `learningEvidenceFor(actor, recommendationIds)` for many in one query.
 */
export const trainingModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(trainingPages, opts);
    await app.register(sessionPages, opts);
    await app.register(coveragePages, opts);
    await app.register(changePages, opts);
    await app.register(trainingApi, opts);
  },
};
