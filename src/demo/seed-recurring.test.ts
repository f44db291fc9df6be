import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb } from '../../test/test-db.ts';
import { londonToday } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import { seedDemo } from './index.ts';
import { RECURRING_DEMO_DESCRIPTION } from './seed-recurring.ts';

describe('the demo’s recurring action', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('is a closed past occurrence and the open current one, every 6 months, owned by the health visitor', async () => {
    const rows = await db.query<{
      id: string;
      status: string;
      dueDate: string;
      recurrenceMonths: number;
      previousOccurrenceId: string | null;
      owner: string;
      organisation: string;
    }>(
      `SELECT a.id, a.status, a.due_date AS "dueDate", a.recurrence_months AS "recurrenceMonths",
              a.previous_occurrence_id AS "previousOccurrenceId", u.email AS owner, o.name AS organisation
         FROM actions a JOIN users u ON u.id = a.owner_user_id JOIN organisations o ON o.id = a.organisation_id
        WHERE a.description = $1 ORDER BY a.due_date`,
      [RECURRING_DEMO_DESCRIPTION],
    );
    assert.equal(rows.length, 2);
    const [past, current] = rows as [(typeof rows)[0], (typeof rows)[0]];
    assert.equal(past.status, 'closed');
    assert.equal(current.status, 'not-started');
    assert.equal(current.previousOccurrenceId, past.id);
    assert.ok(current.dueDate >= londonToday());
    for (const row of rows) {
      assert.equal(row.recurrenceMonths, 6);
      assert.equal(row.owner, 'hv@demo.lantern.test');
      assert.equal(row.organisation, 'Brookvale Community Health NHS Trust');
    }
  });
});
