import type { Db } from '../../platform/db/index.ts';

interface Deps {
  db: Db;
}

/** Filled in with the accounts feature. */
export function createAccountsService(_deps: Deps) {
  return {};
}
export type AccountsService = ReturnType<typeof createAccountsService>;
