import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { themesApi } from './themes.api.ts';
import { themesPages } from './themes.pages.ts';

export { createThemesRepository, type ThemesRepository } from './themes.repository.ts';
export { createThemesService, type ThemesService } from './themes.service.ts';
export {
  suggestThemes as suggestThemesFromText,
  type Suggestion,
  type ThemeKeywords,
} from './themes.suggest.ts';
export type { Theme, ReviewTheme } from './themes.types.ts';

/**
 * Safeguarding themes of the review library: suggestions with their passages, a person's decisions,
 * the taxonomy and the analysis. Wire the library's hook in the composition root as
 * `onReviewAdded: async (id) => { await themes.suggestThemes(id); }` (pass a transaction as the
 * second argument if the hook ever runs inside the one that added the review), and use
 * `themes.suggestMissing()` (or `lantern themes suggest`) for reviews added before.
 */
export const themesModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(themesPages, opts);
    await app.register(themesApi, opts);
  },
};
