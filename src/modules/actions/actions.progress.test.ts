import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import {
  createActor,
  createOrganisation,
  createReviewWithAction,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

describe('action status over time', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('counts each action in the state it was in at each month end, within the reader’s scope', async () => {
    const mine = await createOrganisation(t.db, 'nhs-trust');
    const other = await createOrganisation(t.db, 'police');
    const lead = await createActor(t.db, 'organisation-lead', mine.id);
    const { action } = await createReviewWithAction(t.db, mine.id, {
      status: 'closed',
      dueDate: '2099-01-01',
    });
    await createReviewWithAction(t.db, other.id, { status: 'in-progress' });
    await t.db.query(`UPDATE actions SET created_at = now() - interval '100 days' WHERE id = $1`, [
      action.id,
    ]);
    const change = (from: string, to: string, daysAgo: number) =>
      t.db.query(
        `INSERT INTO action_updates (action_id, author_user_id, kind, from_status, to_status, created_at)
         VALUES ($1, $2, 'status-change', $3, $4, now() - make_interval(days => $5))`,
        [action.id, lead.id, from, to, daysAgo],
      );
    await change('not-started', 'in-progress', 70);
    await change('in-progress', 'closed', 10);

    const months = await t.services.actions.statusOverTime(lead, 12);
    assert.equal(months.length, 12);
    const today = londonToday();
    assert.equal(months.at(-1)!.day, today);
    // The London date of each change, as the query sees it (a day's changes count from the next day).
    const created = addDays(today, -100);
    const started = addDays(today, -70);
    const closed = addDays(today, -10);
    for (const m of months) {
      const expected =
        m.day < created
          ? { notStarted: 0, inProgress: 0, closed: 0 }
          : m.day < started
            ? { notStarted: 1, inProgress: 0, closed: 0 }
            : m.day < closed
              ? { notStarted: 0, inProgress: 1, closed: 0 }
              : { notStarted: 0, inProgress: 0, closed: 1 };
      assert.deepEqual(
        { notStarted: m.notStarted, inProgress: m.inProgress, closed: m.closed },
        expected,
        `month ending ${m.day}`,
      );
      assert.equal(m.awaitingEvidence, 0);
      assert.equal(m.overdue, 0);
    }
  });

  it('shows the chart with its figures in a table beneath, linked from the tracker', async () => {
    const org = await createOrganisation(t.db, 'local-authority');
    const lead = await createActor(t.db, 'organisation-lead', org.id);
    await createReviewWithAction(t.db, org.id, { status: 'in-progress', dueDate: '2020-01-01' });
    const browser = await signInAsBrowser(t.app, lead.email, TEST_PASSWORD);
    assert.match((await browser.get('/actions')).body, /href="\/actions\/progress"/);
    const page = await browser.get('/actions/progress');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Action status over time<\/h1>/);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /Action status over the last 12 months: the figures/);
    // This month: one action in progress, overdue since 2020.
    const lastRow = page.body.split('<tr class="govuk-table__row">').at(-1)!;
    const cells = [...lastRow.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
    assert.deepEqual(cells, [0, 1, 0, 0, 1, 1]);
  });
});
