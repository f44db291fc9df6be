import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('flag types settings', () => {
  let t: TestContext;
  let unit: Awaited<ReturnType<typeof signInAsBrowser>>;
  before(async () => {
    t = await buildTestApp();
    const u = await createUser(t.db, 'business-unit');
    unit = await signInAsBrowser(t.app, u.email, TEST_PASSWORD);
  });
  after(() => t.close());

  const form = (version: string, overrides: Record<string, string | string[]> = {}) => ({
    version,
    name: 'Safer-sleep risk found',
    symbol: 'SSR',
    meaning: 'A safer-sleep assessment found a raised risk for this baby.',
    guidance: 'Check where the baby sleeps at every contact.',
    raiseRoles: ['practitioner', 'organisation-lead'],
    endRoles: 'organisation-lead',
    visibleDaysAfterEnd: '60',
    options: ['active'],
    ...overrides,
  });

  it('lists the four default types, and changes one (audited), refusing a stale version with 409', async () => {
    const list = await unit.get('/settings/flag-types');
    assert.equal(list.statusCode, 200);
    for (const name of [
      'Purple butterfly',
      'Unborn Baby Network referral',
      'Safer-sleep risk identified',
      'Child protection plan',
    ])
      assert.match(list.body, new RegExp(name));
    const url = '/settings/flag-types/safer-sleep-risk';
    const noRoles = await unit.post(url, form('1', { raiseRoles: [] }));
    assert.equal(noRoles.statusCode, 400);
    assert.match(noRoles.body, /Select who may raise it/);
    const saved = await unit.post(url, form('1'));
    assert.equal(saved.statusCode, 302);
    const [type] = await t.db.query<{ name: string; endRoles: string[]; days: number; version: number }>(
      `SELECT name, end_roles AS "endRoles", visible_days_after_end AS days, version FROM flag_types WHERE code = 'safer-sleep-risk'`,
    );
    assert.deepEqual(type, {
      name: 'Safer-sleep risk found',
      endRoles: ['organisation-lead'],
      days: 60,
      version: 2,
    });
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'flag-type.changed' AND subject_id = 'safer-sleep-risk'`,
    );
    assert.equal(audit.length, 1);
    const stale = await unit.post(url, form('1', { name: 'Overwritten' }));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved a change/);
  });

  it('adds a new type, refusing a taken code', async () => {
    const taken = await unit.post(
      '/settings/flag-types',
      form('', { code: 'purple-butterfly' }),
      '/settings/flag-types/new',
    );
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /already exists/);
    const added = await unit.post(
      '/settings/flag-types',
      form('', { code: 'young-parent', name: 'Young parent', options: ['active', 'showOnBabies'] }),
      '/settings/flag-types/new',
    );
    assert.equal(added.statusCode, 302);
    const [row] = await t.db.query<{ show: boolean }>(
      `SELECT show_on_babies AS show FROM flag_types WHERE code = 'young-parent'`,
    );
    assert.equal(row!.show, true);
  });

  it('is not found for anyone but the business unit', async () => {
    for (const role of ['practitioner', 'organisation-lead', 'board-member'] as const) {
      const u = await createUser(t.db, role);
      const b = await signInAsBrowser(t.app, u.email, TEST_PASSWORD);
      assert.equal((await b.get('/settings/flag-types')).statusCode, 404, role);
      assert.equal((await b.get('/settings/flag-types/purple-butterfly')).statusCode, 404, role);
      const page = await b.get('/dashboard');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const post = await t.app.inject({
        method: 'POST',
        url: '/settings/flag-types/purple-butterfly',
        headers: { cookie: b.cookie },
        payload: { _csrf: csrf, ...form('1') },
      });
      assert.equal(post.statusCode, 404, role);
    }
  });
});
