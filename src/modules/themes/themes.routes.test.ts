import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';
import { CO_SLEEPING_REVIEW, insertLibraryReview } from './themes.test-support.ts';

describe('theme pages and API', () => {
  let t: TestContext;
  let manager: Actor;
  let board: Actor;
  let reviewId: string;
  const missing = '00000000-0000-4000-8000-000000000000';
  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    board = await createActor(t.db, 'board-member');
    reviewId = (
      await insertLibraryReview(t.db, {
        title: 'Baby T <script>',
        body: `${CO_SLEEPING_REVIEW}\nThe <b>mother</b> said the cot was upstairs.`,
        year: 2022,
      })
    ).id;
    await t.services.themes.suggestThemes(reviewId);
  });
  after(() => t.close());

  it('shows suggestions with passages in context, escaped and highlighted, read-only for others', async () => {
    const page = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const res = await page.get(`/library/reviews/${reviewId}/themes`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="govuk-heading-l">Themes<\/h1>/);
    assert.match(res.body, /Baby T &lt;script&gt;/);
    assert.doesNotMatch(res.body, /Baby T <script>/);
    assert.match(res.body, /was <mark>co-sleeping<\/mark> with his mother on the <mark>sofa<\/mark>\./);
    assert.match(res.body, /Only the partnership business unit confirms or rejects themes/);
    assert.doesNotMatch(res.body, /Add theme/);
    assert.equal((await page.get(`/library/reviews/${missing}/themes`)).statusCode, 404);
    assert.equal((await page.get('/library/reviews/nope/themes')).statusCode, 404);
  });

  it('lets the business unit confirm and reject suggestions and add a theme', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const url = `/library/reviews/${reviewId}/themes`;
    const confirm = await page.post(url, { theme: 'unsafe-sleep', decision: 'confirmed' });
    assert.equal(confirm.statusCode, 302);
    assert.equal(confirm.headers.location, url);
    const reject = await page.post(url, { theme: 'fathers-male-carers', decision: 'rejected' });
    assert.equal(reject.statusCode, 302);
    const add = await page.post(url, { theme: 'bereavement', decision: 'confirmed' });
    assert.equal(add.statusCode, 302);
    const after = await page.get(url);
    assert.match(after.body, /Bereavement: confirmed/);
    assert.match(after.body, /data-testid="confirmed-unsafe-sleep"/);
    assert.match(after.body, /data-testid="confirmed-bereavement"/);
    assert.match(after.body, /data-testid="rejected-fathers-male-carers"/);
    const rows = await t.db.query<{ theme_code: string; status: string }>(
      'SELECT theme_code, status FROM library_review_themes WHERE library_review_id = $1 AND status <> $2 ORDER BY theme_code',
      [reviewId, 'suggested'],
    );
    assert.deepEqual(rows, [
      { theme_code: 'bereavement', status: 'confirmed' },
      { theme_code: 'fathers-male-carers', status: 'rejected' },
      { theme_code: 'unsafe-sleep', status: 'confirmed' },
    ]);
  });

  it('lets the business unit ask for suggestions again, keeping decisions', async () => {
    await t.db.query(
      "DELETE FROM library_review_themes WHERE library_review_id = $1 AND status = 'suggested'",
      [reviewId],
    );
    const board403 = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const refused = await board403.post(
      `/library/reviews/${reviewId}/themes/suggest`,
      {},
      `/library/reviews/${reviewId}/themes`,
    );
    assert.equal(refused.statusCode, 403);
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const res = await page.post(
      `/library/reviews/${reviewId}/themes/suggest`,
      {},
      `/library/reviews/${reviewId}/themes`,
    );
    assert.equal(res.statusCode, 302);
    const after = await page.get(`/library/reviews/${reviewId}/themes`);
    assert.match(after.body, /Suggestions made again: \d+ themes found in the text/);
    assert.match(after.body, /data-testid="suggested-parental-alcohol"/);
    assert.match(after.body, /data-testid="confirmed-unsafe-sleep"/);
  });

  it('re-renders with an error summary when no theme is selected to add (400)', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const res = await page.post(`/library/reviews/${reviewId}/themes`, { theme: '', decision: 'confirmed' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#theme">Select a theme/);
  });

  it('refuses a decision from anyone but the business unit (403)', async () => {
    const page = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const res = await page.post(
      `/library/reviews/${reviewId}/themes`,
      { theme: 'housing', decision: 'confirmed' },
      `/library/reviews/${reviewId}/themes`,
    );
    assert.equal(res.statusCode, 403);
    const api = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    const apiRes = await api.post(`/api/v1/library/reviews/${reviewId}/themes`, {
      theme: 'housing',
      decision: 'confirmed',
    });
    assert.equal(apiRes.statusCode, 403);
  });

  it('maintains the taxonomy in settings, with a conflict shown when someone else saved first', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const list = await page.get('/settings/library-themes');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Unsafe sleep and co-sleeping/);
    assert.match(list.body, /<strong>Library themes<\/strong>/);
    const bad = await page.post('/settings/library-themes', { name: '', keywords: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#name">Enter the theme’s name/);
    const added = await page.post('/settings/library-themes', {
      name: 'Online harm',
      description: '',
      keywords: 'online\r\nsocial media',
    });
    assert.equal(added.statusCode, 302);
    const edit = await page.get('/settings/library-themes/online-harm');
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /online\nsocial media<\/textarea>/);
    const saved = await page.post('/settings/library-themes/online-harm', {
      name: 'Online harm and grooming',
      keywords: 'online\ngrooming',
      active: 'no',
      version: '1',
    });
    assert.equal(saved.statusCode, 302);
    const stale = await page.post('/settings/library-themes/online-harm', {
      name: 'Online harm',
      keywords: 'online',
      active: 'yes',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /The theme now says/);
    assert.match(stale.body, /Online harm and grooming \(not in use\)/);
    const board403 = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    assert.equal((await board403.get('/settings/library-themes')).statusCode, 403);
  });

  it('shows the analysis with links to the reviews behind each number', async () => {
    const page = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const res = await page.get('/library/themes');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Themes across reviews/);
    assert.match(res.body, /<svg[^>]*role="img"/);
    assert.match(res.body, /href="\/library\/themes\/reviews\?theme=unsafe-sleep&amp;year=2022">1<\/a>/);
    assert.match(
      res.body,
      /href="\/library\/themes\/reviews\?theme=unsafe-sleep&amp;with=bereavement">1<\/a>/,
    );
    const behind = await page.get('/library/themes/reviews?theme=unsafe-sleep&with=bereavement');
    assert.equal(behind.statusCode, 200);
    assert.match(behind.body, new RegExp(`href="/library/reviews/${reviewId}">Baby T &lt;script&gt;</a>`));
    const badRange = await page.get('/library/themes?fromYear=2023&toYear=2020');
    assert.equal(badRange.statusCode, 400);
    assert.match(badRange.body, /href="#toYear">The last year must be the same as or after the first year/);
    assert.equal((await page.get('/library/themes/reviews?theme=nothing')).statusCode, 404);
  });

  it('serves the taxonomy, the analysis and decisions over the API', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const taxonomy = await api.get('/api/v1/library/themes');
    assert.equal(taxonomy.statusCode, 200);
    const items = (taxonomy.json() as { items: { code: string }[] }).items;
    assert.ok(items.length >= 14);
    assert.ok(items.some((i) => i.code === 'parental-alcohol'));

    const decided = await api.post(`/api/v1/library/reviews/${reviewId}/themes`, {
      theme: 'parental-alcohol',
      decision: 'confirmed',
    });
    assert.equal(decided.statusCode, 201);
    assert.equal((decided.json() as { status: string }).status, 'confirmed');

    const analysis = await api.get('/api/v1/library/themes/analysis?fromYear=2022');
    assert.equal(analysis.statusCode, 200);
    const body = analysis.json() as {
      byYear: { theme: string; year: number; reviews: number }[];
      coOccurrence: { theme: string; with: string; reviews: number }[];
    };
    assert.deepEqual(
      body.byYear.find((c) => c.theme === 'parental-alcohol'),
      { theme: 'parental-alcohol', year: 2022, reviews: 1 },
    );
    assert.deepEqual(
      body.coOccurrence.find((p) => p.theme === 'parental-alcohol' && p.with === 'unsafe-sleep'),
      { theme: 'parental-alcohol', with: 'unsafe-sleep', reviews: 1 },
    );

    const bad = await api.post(`/api/v1/library/reviews/${reviewId}/themes`, { theme: 'housing' });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { error: string }).error, 'validation');
    const unknown = await api.post(`/api/v1/library/reviews/${missing}/themes`, {
      theme: 'housing',
      decision: 'confirmed',
    });
    assert.equal(unknown.statusCode, 404);
    const badYear = await api.get('/api/v1/library/themes/analysis?fromYear=soon');
    assert.equal(badYear.statusCode, 400);
    assert.equal((await api.get(`/api/v1/library/reviews/${reviewId}/themes`)).statusCode, 200);
  });

  it('treats a repeated year in the address as no year, not a server error', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const res = await page.get('/library/themes?fromYear=2020&fromYear=2021&toYear=2030&toYear=x');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Themes across reviews/);
    const behind = await page.get('/library/themes/reviews?theme=unsafe-sleep&theme=neglect&year=2022');
    assert.equal(behind.statusCode, 404);
  });

  it('pages the themes lists: page and pageSize, 50 a page by default and 200 at most', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const all = (await api.get('/api/v1/library/themes')).json();
    assert.equal(all.page, 1);
    assert.equal(all.pageSize, 50);
    assert.ok(all.total > 2);
    const second = (await api.get('/api/v1/library/themes?page=2&pageSize=2')).json();
    assert.deepEqual(
      second.items.map((i: { code: string }) => i.code),
      all.items.slice(2, 4).map((i: { code: string }) => i.code),
    );
    assert.equal(second.total, all.total);
    assert.equal(second.pageSize, 2);
    assert.equal((await api.get('/api/v1/library/themes?pageSize=201')).statusCode, 400);
    assert.equal((await api.get('/api/v1/library/themes?page=0')).statusCode, 400);
    const empty = await insertLibraryReview(t.db, { title: 'Empty', body: 'x' });
    const none = (await api.get(`/api/v1/library/reviews/${empty.id}/themes`)).json();
    assert.deepEqual(none, { items: [], total: 0, page: 1, pageSize: 50 });
    const one = (await api.get(`/api/v1/library/reviews/${reviewId}/themes?pageSize=1`)).json();
    assert.equal(one.items.length, 1);
    assert.ok(one.total >= 1);
  });
});
