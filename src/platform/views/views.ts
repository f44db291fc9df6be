import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, humanise, formatNhsNumber } from './filters.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** govuk-frontend's `dist` folder: its templates are imported as "govuk/components/...". */
export const GOVUK_DIST = path.resolve(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** One Nunjucks environment for every module: module view folders first, then shared layouts. */
export function createViewEnvironment(moduleViewDirs: string[]): nunjucks.Environment {
  const env = nunjucks.configure([...moduleViewDirs, here, GOVUK_DIST], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: process.env.NODE_ENV === 'development',
  });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('humanise', humanise);
  env.addFilter('nhsNumber', formatNhsNumber);
  return env;
}
