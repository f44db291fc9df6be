import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { accountLinksPages } from './account-links.pages.ts';
import { accountsApi } from './accounts.api.ts';
import { accountsPages } from './accounts.pages.ts';
import { auditLogPages } from './audit-log.pages.ts';
import { auditCheckPages } from './audit-check.pages.ts';

/**
 * Accounts: the business unit invites, changes and deactivates users and browses the audit log;
 * everyone sets their password through a one-time link and can change it.
 */
export const accountsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(accountsPages, opts);
    await app.register(accountLinksPages, opts);
    await app.register(auditLogPages, opts);
    await app.register(auditCheckPages, opts);
    await app.register(accountsApi, opts);
  },
};
export { createAccountsService, type AccountsService } from './accounts.service.ts';
export type { AccountUser, UserStatus } from './accounts.types.ts';
