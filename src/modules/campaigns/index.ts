import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { campaignsApi } from './campaigns.api.ts';
import { campaignsPages } from './campaigns.pages.ts';

export { createCampaignsRepository, type CampaignsRepository } from './campaigns.repository.ts';
export { createCampaignsService, type CampaignsService } from './campaigns.service.ts';
export type { LearningEvidence } from './campaigns.types.ts';

/** Awareness campaigns and their resources (videos by link, leaflets), and who has shared them. */
export const campaignsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(campaignsPages, opts);
    await app.register(campaignsApi, opts);
  },
};
