import type { Actor } from '../../platform/http/current-user.ts';
import type { AuditActor } from './audit.types.ts';

/** The audit identity of a signed-in actor. */
export function auditActorOf(actor: Actor): AuditActor {
  return { id: actor.id, label: `${actor.name} <${actor.email}>`, correlationId: actor.correlationId };
}
