import type { Db } from '../../platform/db/index.ts';

interface Deps {
  db: Db;
}

/** Filled in with the exports feature. */
export function createExportsService(_deps: Deps) {
  return {};
}
export type ExportsService = ReturnType<typeof createExportsService>;
