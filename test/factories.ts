import { randomUUID } from 'node:crypto';
import type { Db } from '../src/platform/db/index.ts';
import type { Role } from '../src/platform/http/current-user.ts';
import { hashPassword } from '../src/modules/auth/index.ts';
import type { OrganisationType } from '../src/modules/organisations/index.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createOrganisation(db: Db, type: OrganisationType = 'other', name?: string) {
  const rows = await db.query<{ id: string; name: string; type: OrganisationType }>(
    'INSERT INTO organisations (name, type) VALUES ($1, $2) RETURNING id, name, type',
    [name ?? `Test ${type} ${randomUUID().slice(0, 8)}`, type],
  );
  return rows[0]!;
}

export async function createUser(
  db: Db,
  role: Role,
  organisationId?: string,
  opts: { active?: boolean } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const orgId = organisationId ?? (await createOrganisation(db)).id;
  const email = `${role}.${randomUUID().slice(0, 8)}@test.lantern.test`;
  const rows = await db.query<{ id: string; email: string; organisationId: string; role: Role }>(
    `INSERT INTO users (email, name, role, organisation_id, password_hash, active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, email, organisation_id AS "organisationId", role`,
    [email, `Test ${role}`, role, orgId, await passwordHash, opts.active ?? true],
  );
  return rows[0]!;
}
