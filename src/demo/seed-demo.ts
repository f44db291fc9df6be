import type { Db, Queryable } from '../platform/db/index.ts';
import { hashPassword } from '../modules/auth/index.ts';
import { DEMO_ORGANISATIONS, DEMO_USERS } from './demo-partnership.ts';
import { seedDemoRequests } from './seed-requests.ts';
import { seedDemoIncidentNotification } from './seed-incident.ts';
import { seedDemoNotifications } from './seed-notifications.ts';
import { seedDemoReviews } from './seed-reviews.ts';
import { seedDemoRecurring } from './seed-recurring.ts';
import { seedDemoClocks } from './seed-clocks.ts';
import { seedDemoFamilies } from './seed-families.ts';
import { seedDemoUnborn } from './seed-unborn.ts';
import { seedDemoSaferSleep } from './seed-safer-sleep.ts';
import { seedDemoSystemTokens } from './seed-system-tokens.ts';
import { seedDemoBriefings } from './seed-briefings.ts';
import { seedDemoTraining } from './seed-training.ts';
import { seedDemoForums } from './seed-forums.ts';
import { seedDemoCampaigns } from './seed-campaigns.ts';
import { seedPublishing } from './seed-publishing.ts';
import { seedDemoLibrary } from './seed-library.ts';
import { seedLibraryThemes } from './seed-themes.ts';
import { seedDemoRetention } from './seed-retention.ts';

export interface DemoIds {
  orgs: Record<string, string>;
  users: Record<string, string>;
}

async function isEmpty(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM organisations)::int AS n');
  return rows[0]!.n === 0;
}

/**
 * Loads the demo partnership in one transaction. Refuses (returns false) when the database
 * already holds organisations, unless `force` is set.
 */
export async function seedDemo(db: Db, password: string, { force = false } = {}): Promise<boolean> {
  if (!force && !(await isEmpty(db))) return false;
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const ids: DemoIds = { orgs: {}, users: {} };
    for (const o of DEMO_ORGANISATIONS) {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO organisations (name, type) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET type = EXCLUDED.type RETURNING id`,
        [o.name, o.type],
      );
      ids.orgs[o.key] = rows[0]!.id;
    }
    // The ICB commissions the GP practices and NHS trusts, and so oversees their actions.
    await tx.query(
      `UPDATE organisations SET commissioned_by = $1 WHERE type IN ('gp-practice', 'nhs-trust') AND id = ANY($2::uuid[])`,
      [ids.orgs.icb, Object.values(ids.orgs)],
    );
    for (const u of DEMO_USERS) {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (lower(email)) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id`,
        [u.email, u.name, u.role, ids.orgs[u.org], u.jobTitle, passwordHash],
      );
      ids.users[u.key] = rows[0]!.id;
    }
    await seedDemoReviews(tx, ids);
    await seedDemoRequests(tx, ids);
    await seedDemoIncidentNotification(tx, ids);
    await seedDemoRecurring(tx, ids);
    await seedDemoClocks(tx, ids);
    await seedDemoNotifications(tx, ids);
    await seedDemoFamilies(tx, ids);
    await seedDemoUnborn(tx, ids);
    await seedDemoSaferSleep(tx, ids);
    await seedDemoSystemTokens(tx, ids);
    await seedDemoBriefings(tx, ids);
    await seedDemoTraining(tx, ids);
    await seedDemoForums(tx, ids);
    await seedDemoCampaigns(tx, ids);
    await seedPublishing(tx, ids);
    await seedLibraryThemes(tx, await seedDemoLibrary(tx, ids));
    await seedDemoRetention(tx, ids);
  });
  return true;
}
