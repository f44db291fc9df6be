import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { libraryApi } from './library.api.ts';
import { libraryPages } from './library.pages.ts';

export { createLibraryRepository, type LibraryRepository } from './library.repository.ts';
export { createLibraryService, addImportItemIn, reasonOf, type LibraryService } from './library.service.ts';
export { readImportSource, type ImportItem } from './library-import.ts';
export { importLibrary } from './library-cli.ts';
export type { LibraryReview } from './library.types.ts';

/** The review library: published reviews from here and elsewhere, searchable and readable by all. */
export const libraryModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(libraryPages, opts);
    await app.register(libraryApi, opts);
  },
};
