import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../../platform/db/index.ts';
import { isUuid } from '../../platform/schema.ts';
import type { LanternModule } from '../module.ts';
import { createLibraryRepository } from './library.repository.ts';
import { libraryApi } from './library.api.ts';
import { libraryPages } from './library.pages.ts';

export { createLibraryRepository, type LibraryRepository } from './library.repository.ts';
export { createLibraryService, addImportItemIn, reasonOf, type LibraryService } from './library.service.ts';
export { readImportSource, type ImportItem } from './library-import.ts';
export { importLibrary } from './library-cli.ts';
export type { LibraryReview } from './library.types.ts';

/** Every library review as a choice for another module's form (training scenarios, say): id, title, area, year. */
export function listLibraryReviewOptions(db: Queryable) {
  return createLibraryRepository().options(db);
}

/** A library review's id, title, area, year and kind, or undefined when there is none. */
export async function getLibraryReviewSummary(db: Queryable, libraryReviewId: string) {
  return isUuid(libraryReviewId) ? createLibraryRepository().summary(db, libraryReviewId) : undefined;
}

/** The review library: published reviews from here and elsewhere, searchable and readable by all. */
export const libraryModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(libraryPages, opts);
    await app.register(libraryApi, opts);
  },
};
