import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonToday } from '../../platform/clock.ts';
import { TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { textOfPdf } from '../exports/exports.test-support.ts';
import { britishDate } from '../exports/index.ts';
import { briefingWorld } from './briefings.test-support.ts';

describe('briefings API', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  const apiFor = (email: string) => signInAsApi(t.app, email, TEST_PASSWORD);

  it('drafts, patches with the version (409 when stale), publishes, confirms and acknowledges', async () => {
    const w = await briefingWorld(t.db);
    const bu = await apiFor(w.bu.email);

    const bad = await bu.post('/api/v1/briefings', { reviewId: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), {
      error: 'validation',
      fields: [{ path: 'reviewId', message: 'Select a review' }],
    });

    const created = await bu.post('/api/v1/briefings', {
      reviewId: w.review.id,
      title: 'Safer sleep: Baby T',
    });
    assert.equal(created.statusCode, 201);
    const draft = created.json();
    assert.equal(draft.title, 'Safer sleep: Baby T');
    assert.equal(draft.version, 1);
    assert.equal(draft.status, 'draft');
    assert.deepEqual(draft.recommendationIds, [w.rec1.id, w.rec2.id]);
    assert.match(draft.learning, /^1\. The father was not given safer-sleep advice\./);

    const url = `/api/v1/briefings/${draft.id}`;
    const patched = await bu.patch(url, {
      version: 1,
      furtherReading: 'The Lullaby Trust: safer sleep advice',
    });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().version, 2);
    assert.equal((await bu.patch(url, { version: 1, title: 'Stale' })).json().error, 'conflict');
    assert.equal((await bu.patch(url, { version: 1, title: 'Stale' })).statusCode, 409);
    const invalid = await bu.patch(url, { version: 2, title: '' });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(invalid.json().fields, [{ path: 'title', message: 'Enter a title' }]);

    const noOrgs = await bu.post(`${url}/publish`, { version: 2, organisationIds: [] });
    assert.equal(noOrgs.statusCode, 400);
    assert.equal(noOrgs.json().fields[0].path, 'organisationIds');
    const published = await bu.post(`${url}/publish`, { version: 2, organisationIds: [w.gp.id, w.trust.id] });
    assert.equal(published.statusCode, 200);
    assert.equal(published.json().publishedDate, londonToday());
    assert.deepEqual(published.json().reach, { organisations: 2, confirmed: 0, acknowledgements: 0 });

    const lead = await apiFor(w.gpLead.email);
    const confirmed = await lead.post(`${url}/shared`, {
      sharedDate: londonToday(),
      how: 'E-mail to all staff',
    });
    assert.equal(confirmed.statusCode, 200);
    assert.equal(confirmed.json().reach.confirmed, 1);
    assert.equal((await lead.post(`${url}/shared`, { sharedDate: londonToday() })).statusCode, 409);
    const staff = await apiFor(w.gpStaff.email);
    const ack = await staff.post(`${url}/acknowledgements`, {});
    assert.equal(ack.statusCode, 201);
    assert.equal(ack.json().acknowledgedByMe, true);
    assert.equal((await staff.post(`${url}/acknowledgements`, {})).statusCode, 409);
    const outsider = await apiFor(w.otherStaff.email);
    assert.equal((await outsider.post(`${url}/acknowledgements`, {})).statusCode, 403);
    assert.equal((await staff.post(`${url}/shared`, { sharedDate: londonToday() })).statusCode, 403);
    assert.equal((await lead.patch(url, { version: 3, title: 'Mine' })).statusCode, 403);

    const list = await outsider.get(`/api/v1/briefings?reviewId=${w.review.id}`);
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.equal(body.total, 1);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 50);
    assert.deepEqual(
      { id: body.items[0].id, title: body.items[0].title, reviewId: body.items[0].reviewId },
      { id: draft.id, title: 'Safer sleep: Baby T', reviewId: w.review.id },
    );
    assert.equal(body.items[0].acknowledgements, 1);
  });

  it('answers 404 for a draft to anyone but the business unit, 403 to a lead drafting, 400 for a bad page size', async () => {
    const w = await briefingWorld(t.db);
    const bu = await apiFor(w.bu.email);
    const draft = (await bu.post('/api/v1/briefings', { reviewId: w.review.id })).json();
    const board = await apiFor(w.board.email);
    assert.equal((await board.get(`/api/v1/briefings/${draft.id}`)).statusCode, 404);
    assert.equal((await board.get(`/api/v1/briefings/${draft.id}/pdf`)).statusCode, 404);
    assert.equal((await board.get('/api/v1/briefings/not-a-uuid')).statusCode, 404);
    assert.equal((await board.post(`/api/v1/briefings/${draft.id}/acknowledgements`, {})).statusCode, 404);
    const lead = await apiFor(w.gpLead.email);
    assert.equal((await lead.post('/api/v1/briefings', { reviewId: w.review.id })).statusCode, 403);
    const badPage = await board.get('/api/v1/briefings?pageSize=500');
    assert.equal(badPage.statusCode, 400);
    assert.equal(badPage.json().error, 'validation');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/briefings' })).statusCode, 401);
  });

  it('pages the list past 200 with the total of every briefing, not of the page', async () => {
    const w = await briefingWorld(t.db);
    await t.db.query(
      `INSERT INTO briefings (review_id, title, created_by, created_at)
       SELECT $1, 'API briefing ' || n, $2, now() - n * interval '1 minute' FROM generate_series(1, 205) n`,
      [w.review.id, w.bu.id],
    );
    const bu = await apiFor(w.bu.email);
    const first = await bu.get(`/api/v1/briefings?reviewId=${w.review.id}&pageSize=200`);
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().total, 205);
    assert.equal(first.json().items.length, 200);
    const second = await bu.get(`/api/v1/briefings?reviewId=${w.review.id}&pageSize=200&page=2`);
    assert.deepEqual(
      { total: second.json().total, page: second.json().page, pageSize: second.json().pageSize },
      { total: 205, page: 2, pageSize: 200 },
    );
    assert.deepEqual(
      second.json().items.map((b: { title: string }) => b.title),
      ['API briefing 201', 'API briefing 202', 'API briefing 203', 'API briefing 204', 'API briefing 205'],
    );
    // Drafts are the business unit's: a practitioner's total counts only what they may read.
    const staff = await apiFor(w.gpStaff.email);
    assert.equal((await staff.get(`/api/v1/briefings?reviewId=${w.review.id}`)).json().total, 0);
  });

  it('sends the briefing as an A4 PDF with the partnership, title, review reference, date and seven headed sections', async () => {
    const w = await briefingWorld(t.db);
    const bu = await apiFor(w.bu.email);
    const draft = (
      await bu.post('/api/v1/briefings', {
        reviewId: w.review.id,
        title: 'Safer sleep: learning from Baby T',
      })
    ).json();
    await bu.post(`/api/v1/briefings/${draft.id}/publish`, { version: 1, organisationIds: [w.gp.id] });

    const reader = await apiFor(w.otherStaff.email);
    const response = await reader.get(`/api/v1/briefings/${draft.id}/pdf`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.match(
      String(response.headers['content-disposition']),
      /^attachment; filename="briefing-safer-sleep-learning-from-baby-t\.pdf"$/,
    );
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(response.rawPayload.toString('latin1'), /\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = textOfPdf(response.rawPayload);
    assert.ok(text.includes('Safer sleep: learning from Baby T'), text);
    const [publisherOrg] = await t.db.query<{ name: string }>(
      'SELECT o.name FROM organisations o JOIN users u ON u.organisation_id = o.id WHERE u.id = $1',
      [w.bu.id],
    );
    assert.ok(text.startsWith(publisherOrg!.name.toUpperCase()), text);
    assert.ok(text.includes('Review: Baby T (Local child safeguarding practice review)'), text);
    assert.ok(text.includes(`Published on ${britishDate(londonToday())}`), text);
    for (const heading of [
      '1. Background',
      '2. What happened',
      '3. Findings',
      '4. Learning',
      '5. What to do differently',
      '6. Questions for reflection',
      '7. Further reading',
    ])
      assert.ok(text.includes(heading), `${heading} in ${text}`);
    assert.ok(text.includes('The father was not given safer-sleep advice.'), text);
    assert.match(text, /Page 1 of \d+/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/briefings'].get && doc.paths['/api/v1/briefings'].post);
    assert.ok(
      doc.paths['/api/v1/briefings/{id}'].patch.requestBody.content['application/json'].schema.properties
        .version,
    );
    assert.deepEqual(Object.keys(doc.paths['/api/v1/briefings/{id}/pdf'].get.responses['200'].content), [
      'application/pdf',
    ]);
  });
});
