import { Forbidden } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';

/** Only the partnership business unit manages accounts and reads the audit log. */
export function assertBusinessUnit(actor: Actor, what = 'manage user accounts'): void {
  if (actor.role !== 'business-unit') throw new Forbidden(`Only the partnership business unit can ${what}`);
}
