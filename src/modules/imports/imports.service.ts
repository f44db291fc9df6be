import type { Db } from '../../platform/db/index.ts';

interface Deps {
  db: Db;
}

/** Filled in with the imports feature. */
export function createImportsService(_deps: Deps) {
  return {};
}
export type ImportsService = ReturnType<typeof createImportsService>;
