import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsApi, type TestContext } from '../../test/test-app.ts';
import { seedDemo } from './index.ts';

describe('the demo serious incident notification', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
    await seedDemo(ctx.db, 'demo-password-for-test', { force: true });
  });
  after(() => ctx.close());

  it('gives Baby T’s review a full notification: one child and four partner agencies', async () => {
    const [review] = await ctx.db.query<{ id: string }>(
      "SELECT id FROM reviews WHERE subject_ref = 'Baby T'",
    );
    const api = await signInAsApi(ctx.app, 'manager@demo.lantern.test', 'demo-password-for-test');
    const response = await api.get(`/api/v1/reviews/${review!.id}/notification`);
    assert.equal(response.statusCode, 200, response.body);
    const notification = response.json();
    assert.deepEqual(
      notification.children.map((c: { reference: string; outcome: string }) => [c.reference, c.outcome]),
      [['Baby T', 'died']],
    );
    assert.deepEqual(notification.agencies.map((a: { name: string }) => a.name).sort(), [
      'Brookvale Community Health NHS Trust',
      'Brookvale Hospitals NHS Trust',
      'Brookvale Police',
      'Riverside Medical Centre',
    ]);
    assert.ok(notification.panelNotifiedDate, 'the review’s date notified is shown with it');
  });
});
