import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { csvRows, loadWorkbook, sheetValues, textOfPdf, unique, uniqueRef } from './exports.test-support.ts';

describe('Download pages', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function browserUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  }

  /** A review with an overdue and an on-time action for one organisation. */
  async function reviewWithActions() {
    const org = await createOrganisation(ctx.db, 'police', unique('Police'));
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const rec = await createRecommendation(ctx.db, review.id);
    const late = unique('Brief response officers');
    const onTime = unique('Train call handlers');
    await createAction(ctx.db, {
      recommendationId: rec.id,
      organisationId: org.id,
      description: late,
      dueDate: '2021-01-31',
    });
    await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id, description: onTime });
    return { org, ref, review, late, onTime };
  }

  it('sends a signed-out download to sign in, coming back to the same filters', async () => {
    const { review } = await reviewWithActions();
    for (const url of [
      '/actions/export.csv?status=in-progress&due=overdue',
      '/actions/export.xlsx',
      `/reviews/${review.id}/action-plan.pdf`,
      `/reviews/${review.id}/action-plan.xlsx`,
    ]) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 302, url);
      assert.equal(response.headers.location, `/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
  });

  it('downloads the tracker as CSV and XLSX with the tracker page’s filters', async () => {
    const { org, ref, late } = await reviewWithActions();
    const browser = await browserUser('business-unit');

    const csv = await browser.get(`/actions/export.csv?organisationId=${org.id}&due=overdue`);
    const xlsx = await browser.get(`/actions/export.xlsx?organisationId=${org.id}&due=overdue&status=bogus`);

    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(csv.headers['content-disposition']),
      /^attachment; filename="action-tracker-[\d-]+\.csv"$/,
    );
    assert.deepEqual(
      csvRows(csv.rawPayload)
        .slice(1)
        .map((r) => [r[0], r[2], r[9]]),
      [[ref, late, 'Yes']],
    );
    assert.equal(xlsx.statusCode, 200);
    const sheet = (await loadWorkbook(xlsx.rawPayload)).worksheets[0]!;
    assert.equal(sheet.name, ref);
    assert.deepEqual(
      sheetValues(sheet)
        .slice(1)
        .map((r) => r[2]),
      [late],
      'an unknown status is ignored, as on the page',
    );
  });

  it('keeps the tracker’s sort in a page download', async () => {
    const { org, late, onTime } = await reviewWithActions();
    const browser = await browserUser('business-unit');
    const order = async (sort: string) =>
      csvRows((await browser.get(`/actions/export.csv?organisationId=${org.id}&sort=${sort}`)).rawPayload)
        .slice(1)
        .map((r) => r[2]);

    assert.deepEqual(await order('due'), [late, onTime]);
    assert.deepEqual(await order('due-desc'), [onTime, late]);
  });

  it('links both downloads from the tracker, carrying the filters in force', async () => {
    const { org } = await reviewWithActions();
    const browser = await browserUser('business-unit');

    const filtered = await browser.get(
      `/actions?organisationId=${org.id}&status=in-progress&due=overdue&sort=due-desc`,
    );
    const plain = await browser.get('/actions');

    const query = `?organisationId=${org.id}&amp;status=in-progress&amp;due=overdue&amp;sort=due-desc`;
    assert.ok(
      filtered.body.includes(`<a class="govuk-link" href="/actions/export.csv${query}">Download as CSV</a>`),
    );
    assert.ok(
      filtered.body.includes(
        `<a class="govuk-link" href="/actions/export.xlsx${query}">Download as spreadsheet (XLSX)</a>`,
      ),
    );
    assert.ok(plain.body.includes('<a class="govuk-link" href="/actions/export.csv">Download as CSV</a>'));
  });

  it('links the action plan from the review page, and downloads it as PDF and XLSX', async () => {
    const { org, ref, review, late } = await reviewWithActions();
    const browser = await browserUser('organisation-lead', org.id);

    const page = await browser.get(`/reviews/${review.id}`);
    const pdf = await browser.get(`/reviews/${review.id}/action-plan.pdf`);
    const xlsx = await browser.get(`/reviews/${review.id}/action-plan.xlsx`);

    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      new RegExp(
        `href="/reviews/${review.id}/action-plan.xlsx">Download the action plan as a spreadsheet \\(XLSX\\)</a>`,
      ),
    );
    assert.match(
      page.body,
      new RegExp(`href="/reviews/${review.id}/action-plan.pdf">Download the action plan as a PDF</a>`),
    );
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = textOfPdf(pdf.rawPayload);
    assert.ok(text.includes(`Action plan: review ${ref}`) && text.includes(late), text);
    assert.equal(xlsx.statusCode, 200);
    assert.deepEqual(
      (await loadWorkbook(xlsx.rawPayload)).worksheets.map((s) => s.name),
      ['Recommendations', ref],
    );
  });

  it('shows the not-found page for the action plan of a review the user may not see', async () => {
    const { review } = await reviewWithActions();
    const elsewhere = await createOrganisation(ctx.db, 'school', unique('School'));
    const browser = await browserUser('organisation-lead', elsewhere.id);

    const response = await browser.get(`/reviews/${review.id}/action-plan.pdf`);

    assert.equal(response.statusCode, 404);
    assert.match(response.body, /Page not found/);
  });
});
