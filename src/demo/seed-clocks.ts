import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/**
 * Brookvale keeps the statutory clocks at the law's defaults but runs its rapid reviews to a
 * tighter local plan: agencies return chronologies by working day 8, so the panel can meet on day
 * 10. The business unit manager made that change a month ago, and the audit log shows it.
 */
export async function seedDemoClocks(tx: Queryable, ids: DemoIds): Promise<void> {
  const manager = ids.users.manager!;
  const [user] = await tx.query<{ label: string }>(
    `SELECT name || ' <' || email || '>' AS label FROM users WHERE id = $1`,
    [manager],
  );
  await tx.query(
    `INSERT INTO policy_settings (key, value, updated_by, updated_at)
     VALUES ('agencyReturnWorkingDays', 8, $1, now() - interval '30 days')
     ON CONFLICT (key) DO NOTHING`,
    [manager],
  );
  await tx.query(
    `INSERT INTO audit_events (at, actor_user_id, actor_label, event, subject_type, subject_id, before, after)
     VALUES (now() - interval '30 days', $1, $2, 'policy.changed', 'policy', 'agencyReturnWorkingDays',
             '{"agencyReturnWorkingDays": 10}', '{"agencyReturnWorkingDays": 8}')`,
    [manager, user!.label],
  );
}
