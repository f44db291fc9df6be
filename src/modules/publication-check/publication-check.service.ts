import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { findIdentifiersAsync } from './find-identifiers.ts';
import { PublicationCheckSchema } from './publication-check.schema.ts';
import type { Finding } from './publication-check.types.ts';

interface Deps {
  db: Db;
  audit: AuditRepository;
}

/** The publication check as a service: any signed-in user may run it; each run is audited. */
export function createPublicationCheckService({ db, audit }: Deps) {
  return {
    async check(actor: Actor, input: unknown): Promise<Finding[]> {
      const { text, allowed } = parseOrThrow(PublicationCheckSchema, input);
      const findings = await findIdentifiersAsync(text, { allowed });
      // The text itself may hold exactly what the check looks for, so it is never written to the log.
      await audit.insert(db, auditActorOf(actor), {
        event: 'publication-check.run',
        subjectType: 'publication-check',
        details: { role: actor.role, length: text.length, findings: findings.length },
      });
      return findings;
    },
  };
}
export type PublicationCheckService = ReturnType<typeof createPublicationCheckService>;
