import { randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/db/index.ts';
import { hashToken } from '../modules/fhir/system-tokens.service.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * Two system tokens so the settings page has something to show: the acute trust's emergency
 * department system (live, used yesterday) and a GP practice's old system (revoked). Their tokens
 * are random and thrown away — only the hashes exist, as for any token; create a new one to try the API.
 */
export async function seedDemoSystemTokens(tx: Queryable, ids: DemoIds): Promise<void> {
  await tx.query(
    `INSERT INTO system_tokens (token_hash, organisation_id, name, created_by, created_at, last_used_at, revoked_at, revoked_by)
     VALUES ($1, $3, 'Emergency department patient system', $5, now() - interval '40 days', now() - interval '1 day', NULL, NULL),
            ($2, $4, 'Practice clinical system (replaced)', $5, now() - interval '200 days', now() - interval '95 days',
             now() - interval '90 days', $5)`,
    [
      hashToken(randomBytes(32).toString('base64url')),
      hashToken(randomBytes(32).toString('base64url')),
      ids.orgs.acute,
      ids.orgs.riverside,
      ids.users.manager,
    ],
  );
}
