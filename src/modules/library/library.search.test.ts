import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';
import { getLibraryReviewSummary, listLibraryReviewOptions } from './index.ts';

describe('library search', () => {
  let t: TestContext;
  let manager: Actor;
  let reader: Actor;
  const ids: Record<string, string> = {};
  const add = async (key: string, input: Record<string, unknown>) => {
    ids[key] = (await t.services.library.addFromText(manager, input)).id;
  };

  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    reader = await createActor(t.db, 'practitioner');
    // The title match is added first, so it is the oldest: ranking, not age, must put it first.
    await add('title', {
      title: 'Co-sleeping and alcohol: Baby M',
      area: 'Northshire',
      year: 2021,
      reviewType: 'lcspr',
      ageBand: 'under-1',
      text: 'The family had recently moved home. Professionals met the mother twice.',
    });
    await add('body', {
      title: 'Review of Child K',
      area: 'Eastmoor',
      year: 2019,
      reviewType: 'scr',
      ageBand: 'under-1',
      text: 'The baby was found after co-sleeping on a sofa. Alcohol had been drunk at a party. The parents said co-sleeping happened rarely.',
    });
    await add('script', {
      title: 'Neglect in Riverton',
      area: 'Riverton',
      year: 2019,
      reviewType: 'lcspr',
      ageBand: '1-4',
      text: 'Home conditions showed neglect. <script>alert("x")</script> was written in a note about neglect & hygiene.',
    });
    for (let i = 0; i < 23; i++)
      await add(`bulk${i}`, {
        title: `Housing review ${i}`,
        area: 'Westford',
        year: 2016 + (i % 3),
        reviewType: 'learning-review',
        text: `Overcrowded housing was a factor in case ${i}.`,
      });
    // Adding a review suggests themes; these tests set exactly the themes they rely on.
    await t.db.query(`DELETE FROM library_review_themes WHERE library_review_id = ANY($1::uuid[])`, [
      Object.values(ids),
    ]);
    await t.db.query(
      `INSERT INTO library_review_themes (library_review_id, theme_code, status) VALUES ($1, 'unsafe-sleep', 'confirmed'), ($2, 'unsafe-sleep', 'confirmed'), ($2, 'parental-alcohol', 'suggested')`,
      [ids.title, ids.body],
    );
  });
  after(() => t.close());

  it('puts the title match first, most relevant first, with the contract shape and plain-text snippets', async () => {
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    const response = await api.get('/api/v1/library/search?q=co-sleeping%20alcohol');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(body.total, 2);
    assert.equal(body.items[0].id, ids.title);
    assert.equal(body.items[1].id, ids.body);
    assert.deepEqual(Object.keys(body.items[0]).sort(), ['area', 'id', 'snippet', 'themes', 'title', 'year']);
    assert.deepEqual(body.items[0].themes, ['unsafe-sleep']);
    assert.match(body.items[1].snippet, /co-sleeping on a sofa/);
    assert.doesNotMatch(body.items[1].snippet, /[<>]/);
    assert.ok(!body.items[1].snippet.includes('\u0001') && !body.items[1].snippet.includes('\u0002'));
  });

  it('filters by theme, year, area and type, counting each value for the current query', async () => {
    const result = await t.services.library.search(reader, {
      q: 'co-sleeping',
      theme: 'unsafe-sleep',
      year: '2019',
    });
    assert.deepEqual(
      result.items.map((i) => i.id),
      [ids.body],
    );
    // Each filter's counts leave out that filter itself, so other values stay choosable.
    assert.deepEqual(result.facets.year, [
      { value: '2021', count: 1 },
      { value: '2019', count: 1 },
    ]);
    assert.deepEqual(
      result.facets.theme.map((f) => [f.value, f.count]),
      [['unsafe-sleep', 1]],
    );
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    const byArea = (await api.get('/api/v1/library/search?area=Westford&year=2016')).json();
    assert.equal(byArea.total, 8);
    const byType = (await api.get('/api/v1/library/search?type=scr')).json();
    assert.deepEqual(
      byType.items.map((i: { id: string }) => i.id),
      [ids.body],
    );
    const page = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
    const html = (await page.get('/library?q=co-sleeping')).body;
    assert.match(html, /Unsafe sleep and co-sleeping \(2\)/);
    assert.match(html, /Northshire \(1\)/);
  });

  it('answers 400 naming the field for bad parameters', async () => {
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    for (const [qs, field] of [
      ['year=soon', 'year'],
      ['page=0', 'page'],
      ['pageSize=1000', 'pageSize'],
      ['type=novel', 'type'],
    ]) {
      const response = await api.get(`/api/v1/library/search?${qs}`);
      assert.equal(response.statusCode, 400, qs);
      assert.equal(response.json().error, 'validation');
      assert.ok(
        response.json().fields.some((f: { path: string }) => f.path.startsWith(field!)),
        qs,
      );
    }
  });

  it('re-renders the search page with 400 and the error summary for a bad filter', async () => {
    const page = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
    const response = await page.get('/library?q=neglect&year=soon');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#q">Year must be a number/);
  });

  it('escapes everything in a snippet but the marks', async () => {
    const page = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
    const html = (await page.get('/library?q=neglect')).body;
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /<mark>neglect<\/mark>/);
    const review = await page.get(`/library/reviews/${ids.script}?q=neglect`);
    assert.match(review.body, /Where the terms occur/);
    assert.match(review.body, /<mark>neglect<\/mark>/);
    assert.doesNotMatch(review.body, /<script>alert/);
    // The full text shows the words as written, escaped.
    assert.match(review.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  });

  it('pages 20 at a time, newest first without a query, with totals and GOV.UK pagination', async () => {
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    const first = (await api.get('/api/v1/library/search?pageSize=20')).json();
    assert.equal(first.total, 26);
    assert.equal(first.items.length, 20);
    assert.equal(first.items[0].title, 'Housing review 22');
    const second = (await api.get('/api/v1/library/search?page=2&pageSize=20')).json();
    assert.equal(second.items.length, 6);
    assert.equal(second.items.at(-1).id, ids.title);
    const page = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
    const html = (await page.get('/library?q=housing')).body;
    assert.match(html, /1 to 20 of 23 reviews/);
    assert.match(html, /class="govuk-pagination/);
    assert.match(html, /href="\/library\?q=housing&amp;page=2"/);
  });

  it('shows where the terms occur in a review opened from a search, with a count', async () => {
    const page = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
    const html = (await page.get(`/library/reviews/${ids.body}?q=co-sleeping`)).body;
    assert.match(html, /\d+ passages? with “co-sleeping”/);
    assert.match(html, /<mark>co<\/mark>-<mark>sleeping<\/mark>/);
    assert.match(html, /<li>Unsafe sleep and co-sleeping<\/li>/, 'confirmed themes by name');
    const none = (await page.get(`/library/reviews/${ids.body}?q=fracture`)).body;
    assert.match(none, /“fracture” does not occur in this review/);
  });

  it('offers other modules the reviews as choices and a summary of one', async () => {
    const options = await listLibraryReviewOptions(t.db);
    assert.equal(options.length, 26);
    assert.deepEqual(
      options.find((o) => o.id === ids.title),
      { id: ids.title, title: 'Co-sleeping and alcohol: Baby M', area: 'Northshire', year: 2021 },
    );
    assert.equal((await getLibraryReviewSummary(t.db, ids.body!))?.title, 'Review of Child K');
    assert.equal(await getLibraryReviewSummary(t.db, 'not-an-id'), undefined);
  });

  // Last: it adds reviews, which the counts above do not expect.
  it('finds a word that occurs only after the first 2,000 characters, ranked after one in the opening', async () => {
    const filler = 'The health visitor saw the family at home and recorded the visit. '.repeat(40);
    assert.ok(filler.length > 2000);
    await add('early', {
      title: 'Review of Child E',
      area: 'Harbury',
      text: `The father took zopiclone at night. ${filler}`,
    });
    await add('late', {
      title: 'Review of Child L',
      area: 'Kingsmere',
      text: `${filler}The mother was prescribed zopiclone.`,
    });
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    const body = (await api.get('/api/v1/library/search?q=zopiclone')).json();
    assert.equal(body.total, 2);
    // Ranking reads only the title and the opening (lead_vector), so the early mention comes first,
    // though it is the older: the late one ranks 0 (its title does not match).
    assert.deepEqual(
      body.items.map((i: { id: string }) => i.id),
      [ids.early, ids.late],
    );
    assert.match(body.items[0].snippet, /father took zopiclone/);
    // The late mention's snippet comes from a window around the word, further into the text.
    assert.match(body.items[1].snippet, /prescribed zopiclone/);
    // A page past the end still brings the total.
    const past = (await api.get('/api/v1/library/search?q=zopiclone&page=3&pageSize=20')).json();
    assert.equal(past.total, 2);
    assert.deepEqual(past.items, []);
  });
});
