import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

describe('GET /audit-log', () => {
  let ctx: TestContext;
  let manager: Awaited<ReturnType<typeof signInAsBrowser>>;
  const tag = randomUUID().slice(0, 8);
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    manager = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const rows: [string, string, string, string, string, string][] = [
      // at, actor, event, subject type, subject id, after
      [
        '2026-03-01T10:00:00Z',
        `Ann Alder <ann.${tag}@x.test>`,
        'review.updated',
        'review',
        `r-${tag}`,
        '{"summary":"new"}',
      ],
      [
        '2026-03-02T23:30:00Z',
        `Bob Birch <bob.${tag}@x.test>`,
        'user.invited',
        'user',
        `u-${tag}`,
        '{"role":"practitioner"}',
      ],
      [
        '2026-03-05T09:00:00Z',
        `Bob Birch <bob.${tag}@x.test>`,
        'user.deactivated',
        'user',
        `u-${tag}`,
        '{"note":"<script>alert(1)</script>"}',
      ],
      ['2026-03-06T09:00:00Z', `Cat Cole <cat.${tag}@x.test>`, 'users.other', 'user', `v-${tag}`, '{}'],
    ];
    for (const [at, label, event, type, id, afterJson] of rows) {
      await ctx.db.query(
        `INSERT INTO audit_events (at, actor_label, event, subject_type, subject_id, before, after)
         VALUES ($1, $2, $3, $4, $5, '{"role":"reviewer","count":3,"list":[1,2]}', $6)`,
        [at, label, event, type, id, afterJson],
      );
    }
  });
  after(() => ctx.close());

  /** The events shown, in order, for a query. */
  async function eventsFor(query: string): Promise<string[]> {
    const page = await manager.get(`/audit-log?${query}`);
    assert.equal(page.statusCode, 200, page.body);
    return [...page.body.matchAll(/<td class="govuk-table__cell"><code>([^<]+)<\/code><\/td>/g)].map(
      (m) => m[1]!,
    );
  }

  it('shows who, when, what and subject, newest first, with before and after as key: value lists, escaped', async () => {
    const page = await manager.get(`/audit-log?actor=${tag}`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(await eventsFor(`actor=${tag}`), [
      'users.other',
      'user.deactivated',
      'user.invited',
      'review.updated',
    ]);
    assert.match(page.body, /5 March 2026 at 9:00am/);
    assert.ok(page.body.includes(`Bob Birch &lt;bob.${tag}@x.test&gt;`));
    assert.ok(page.body.includes(`<a class="govuk-link" href="/reviews/r-${tag}">r-${tag}</a>`));
    assert.ok(page.body.includes('<li><strong>role:</strong> reviewer</li>'));
    assert.ok(page.body.includes('<li><strong>list:</strong> [1,2]</li>'));
    assert.ok(page.body.includes('<li><strong>note:</strong> &lt;script&gt;alert(1)&lt;/script&gt;</li>'));
    assert.doesNotMatch(page.body, /<script>alert/);
  });

  it('filters by event (exact, or a family), subject type and id, and actor', async () => {
    assert.deepEqual(await eventsFor(`actor=${tag}&event=user`), ['user.deactivated', 'user.invited']);
    assert.deepEqual(await eventsFor(`actor=${tag}&event=user.invited`), ['user.invited']);
    assert.deepEqual(await eventsFor(`subjectType=user&subjectId=u-${tag}`), [
      'user.deactivated',
      'user.invited',
    ]);
    assert.deepEqual(await eventsFor(`actor=ANN.${tag}`), ['review.updated']);
    assert.deepEqual(await eventsFor(`actor=${tag}&subjectType=review`), ['review.updated']);
  });

  it('filters by a date range in UK days', async () => {
    // 23:30 UTC on 2 March is still 2 March in London (GMT).
    const range = `actor=${tag}&from-day=2&from-month=3&from-year=2026&to-day=5&to-month=3&to-year=2026`;
    assert.deepEqual(await eventsFor(range), ['user.deactivated', 'user.invited']);
    assert.deepEqual(await eventsFor(`actor=${tag}&to-day=1&to-month=3&to-year=2026`), ['review.updated']);
  });

  it('explains a date that is not real, or a range the wrong way round', async () => {
    const bad = await manager.get('/audit-log?from-day=31&from-month=2&from-year=2026');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#from-day">The first date must be a real date/);
    const backwards = await manager.get(
      '/audit-log?from-day=5&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026',
    );
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The last date must be the same as or after the first date/);
  });

  it('pages through the log 50 at a time, keeping the filters', async () => {
    const label = `Pager ${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 55; i++) {
      await ctx.db.query(
        `INSERT INTO audit_events (at, actor_label, event, subject_type, subject_id)
         VALUES ('2026-01-01T00:00:00Z'::timestamptz + make_interval(mins => $1), $2, 'review.viewed', 'review', $3)`,
        [i, label, `n-${i}`],
      );
    }
    const first = await manager.get(`/audit-log?actor=${encodeURIComponent(label)}`);
    assert.match(first.body, /55 events, newest first/);
    assert.ok(first.body.includes('>n-54<') && !first.body.includes('>n-4<'));
    assert.ok(first.body.includes(`href="/audit-log?actor=${label.replace(' ', '+')}&amp;page=2"`));
    const second = await manager.get(`/audit-log?actor=${encodeURIComponent(label)}&page=2`);
    const ids = [...second.body.matchAll(/>n-(\d+)</g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, [4, 3, 2, 1, 0]);
  });

  it('lists the audit rows an account change wrote, found by subject', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    await manager.post(
      `/users/${user.id}/edit`,
      { version: '1', role: 'reviewer', organisationId: user.organisationId },
      `/users/${user.id}/edit`,
    );
    const page = await manager.get(`/audit-log?subjectType=user&subjectId=${user.id}`);
    assert.match(page.body, /<code>user.updated<\/code>/);
    assert.ok(page.body.includes('<li><strong>role:</strong> practitioner</li>'));
    assert.ok(page.body.includes('<li><strong>role:</strong> reviewer</li>'));
  });
});
