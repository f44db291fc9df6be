import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { forumsApi } from './forums.api.ts';
import { forumsPages } from './forums.pages.ts';
import { meetingsApi } from './meetings.api.ts';
import { meetingItemsPages } from './meeting-items.pages.ts';
import { meetingsPages } from './meetings.pages.ts';

export { createForumsRepository, type ForumsRepository } from './forums.repository.ts';
export { createForumsService, type ForumsService } from './forums.service.ts';
export { createMeetingsService, type MeetingsService } from './meetings.service.ts';
export type { LearningEvidence } from './forums.types.ts';

/** Practitioner forums (the GP Forum): members, meetings, minutes, attendance and forum actions. */
export const forumsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(forumsPages, opts);
    await app.register(meetingsPages, opts);
    await app.register(meetingItemsPages, opts);
    await app.register(forumsApi, opts);
    await app.register(meetingsApi, opts);
  },
};
