import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { importsPages } from './imports.pages.ts';

export { createImportsService, type ImportsService } from './imports.service.ts';

export const importsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  plugin: importsPages,
};
