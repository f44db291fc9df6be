import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { countRows, createClosedReview, createRecordedFamily } from './retention.test-support.ts';

type Browser = Awaited<ReturnType<typeof signInAsBrowser>>;

describe('/records-retention pages', () => {
  let ctx: TestContext;
  let manager: Browser;
  let familyId: string;
  let reviewId: string;
  before(async () => {
    ctx = await buildTestApp();
    const bu = await createUser(ctx.db, 'business-unit');
    manager = await signInAsBrowser(ctx.app, bu.email, TEST_PASSWORD);
    familyId = (await createRecordedFamily(ctx.db, { enteredOn: '2001-01-01', endedFlag: true })).familyId;
    reviewId = (await createClosedReview(ctx.db, { closedOn: '2001-02-03', subjectRef: 'Child W' })).reviewId;
    await ctx.services.retention.refreshDue();
  });
  after(() => ctx.close());

  it('lists what is due, without names, and says what is never listed', async () => {
    const page = await manager.get('/records-retention');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Records due for disposal<\/h1>/);
    assert.match(page.body, new RegExp(`Family record ${familyId.slice(0, 8)} \\(1 person\\)`));
    assert.match(page.body, /Review of Child W \(rapid review\)/);
    assert.match(page.body, /15 years after the review closed on 3 February 2001/);
    assert.match(page.body, /an active flag or an open Unborn Baby Network referral/);
    assert.doesNotMatch(page.body, /Morwenna|Tregarthen/);
    assert.match((await manager.get('/settings/policy')).body, /href="\/records-retention"/);
  });

  it('shows the retention settings in the records group of the settings page', async () => {
    const page = await manager.get('/settings/policy');
    assert.match(page.body, /name="reviewRetentionYears" type="text"[^>]*value="15"/);
    assert.match(page.body, /name="familyRecordChildAge" type="text"[^>]*value="25"/);
    assert.match(page.body, /NHS Records Management Code of Practice/);
  });

  it('refuses the list and its forms to everyone but the business unit', async () => {
    for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as const) {
      const user = await createUser(ctx.db, role);
      const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
      assert.equal((await browser.get('/records-retention')).statusCode, 403, role);
      assert.equal((await browser.get(`/records-retention/family/${familyId}/keep`)).statusCode, 403, role);
      const token = csrfFrom((await browser.get('/account')).body);
      const dispose = await ctx.app.inject({
        method: 'POST',
        url: '/records-retention/disposals',
        headers: { cookie: browser.cookie },
        payload: { _csrf: token, records: `family:${familyId}` },
      });
      assert.equal(dispose.statusCode, 403, role);
    }
    assert.equal(await countRows(ctx.db, 'families WHERE id = $1', [familyId]), 1);
  });

  it('refuses a disposal without the form’s CSRF token', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/records-retention/disposals',
      headers: { cookie: manager.cookie },
      payload: { records: `family:${familyId}` },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await countRows(ctx.db, 'families WHERE id = $1', [familyId]), 1);
  });

  it('re-renders the list with an error summary when nothing is selected', async () => {
    const response = await manager.post('/records-retention/confirm', {}, '/records-retention');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: Records due for disposal/);
    assert.match(response.body, /href="#records">Select at least one record to dispose of/);
    const madeUp = await manager.post(
      '/records-retention/disposals',
      { records: 'family:x' },
      '/records-retention',
    );
    assert.equal(madeUp.statusCode, 400);
    assert.match(madeUp.body, /href="#records">Select records from the list/);
  });

  it('re-renders the keep form with errors for a missing reason and a past or impossible date', async () => {
    const url = `/records-retention/family/${familyId}/keep`;
    for (const date of [
      { 'reviewDate-day': '1', 'reviewDate-month': '1', 'reviewDate-year': '2020' },
      { 'reviewDate-day': '31', 'reviewDate-month': '2', 'reviewDate-year': '2030' },
      { 'reviewDate-day': 'x', 'reviewDate-month': '', 'reviewDate-year': '' },
    ]) {
      const response = await manager.post(url, { reason: '', ...date });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, /href="#reason">Enter why the record is being kept/);
      assert.match(response.body, /href="#reviewDate-day">/);
    }
    assert.equal((await manager.get(`/records-retention/family/not-a-uuid/keep`)).statusCode, 404);
    assert.equal((await manager.get(`/records-retention/person/${familyId}/keep`)).statusCode, 404);
  });

  it('keeps a record for now, then disposes of another after the confirmation page', async () => {
    const keep = await manager.post(`/records-retention/review/${reviewId}/keep`, {
      reason: 'Legal hold: inquest pending',
      'reviewDate-day': '1',
      'reviewDate-month': '1',
      'reviewDate-year': '2040',
    });
    assert.equal(keep.statusCode, 302);
    const list = await manager.get('/records-retention');
    assert.match(list.body, /Legal hold: inquest pending/);
    assert.doesNotMatch(list.body, new RegExp(`value="review:${reviewId}"`));

    const confirm = await manager.post(
      '/records-retention/confirm',
      { records: [`family:${familyId}`] },
      '/records-retention',
    );
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to dispose of this record\?/);
    assert.match(confirm.body, /This cannot be undone/);
    const done = await ctx.app.inject({
      method: 'POST',
      url: '/records-retention/disposals',
      headers: { cookie: manager.cookie },
      payload: { _csrf: csrfFrom(confirm.body), records: `family:${familyId}` },
    });
    assert.equal(done.statusCode, 302);
    assert.match((await manager.get('/records-retention')).body, /1 record was disposed of\./);
    assert.equal(await countRows(ctx.db, 'families WHERE id = $1', [familyId]), 0);
    assert.equal(await countRows(ctx.db, 'reviews WHERE id = $1', [reviewId]), 1);
  });
});
