import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { exportsApi } from './exports.api.ts';
import { exportsPages } from './exports.pages.ts';

export { createExportsService, type ExportFile, type ExportsService } from './exports.service.ts';
export { footOfEachPage, openA4Pdf, pdfText } from './exports.pdf.ts';
export { britishDate, fileSlug, safeText } from './exports.rows.ts';

/** Downloads: the action tracker as CSV or XLSX, and a review's action plan as XLSX or PDF. */
export const exportsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(exportsPages, opts);
    await app.register(exportsApi, opts);
  },
};
