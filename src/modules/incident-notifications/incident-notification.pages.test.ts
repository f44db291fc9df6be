import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganisation, createReview, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { textOfPdf, uniqueRef } from '../exports/exports.test-support.ts';

type Form = Record<string, string | string[]>;

/** A complete form for one child, as the edit page posts it. */
const childFields = (n: number, reference: string): Form => ({
  [`children-${n}-reference`]: reference,
  [`children-${n}-ageBand`]: 'under-1',
  [`children-${n}-sex`]: 'female',
  [`children-${n}-ethnicity`]: 'mixed',
  [`children-${n}-outcome`]: 'seriously-harmed',
  [`children-${n}-socialCare`]: 'child-protection-plan',
});

const form = (reference: string, extra: Form = {}): Form => ({
  incidentCategory: 'non-accidental-injury',
  description: `${reference} was taken to hospital with a fractured skull.`,
  abuseOrNeglect: 'suspected',
  otherAgencies: '',
  submittedBy: 'Service manager, children’s social care',
  childCount: '1',
  ...childFields(1, reference),
  ...extra,
});

describe('Serious incident notification pages', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function browserUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  }

  it('links the notification from the review page and offers to record it', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const browser = await browserUser('business-unit');

    const reviewPage = await browser.get(`/reviews/${review.id}`);
    assert.match(
      reviewPage.body,
      new RegExp(`href="/reviews/${review.id}/notification">Serious incident notification</a>`),
    );
    const page = await browser.get(`/reviews/${review.id}/notification`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No notification recorded yet/);
    assert.match(page.body, /OFFICIAL-SENSITIVE/);
    assert.match(page.body, /Record the notification/);

    const edit = await browser.get(`/reviews/${review.id}/notification/edit`);
    assert.equal(edit.statusCode, 200);
    // The first child starts as the review's subject.
    assert.match(
      edit.body,
      new RegExp(`name="children-1-reference" type="text" spellcheck="false" value="${ref}"`),
    );
  });

  it('records the notification from the form, then shows it with a PDF link', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const police = await createOrganisation(ctx.db, 'police');
    const browser = await browserUser('business-unit');
    const url = `/reviews/${review.id}/notification/edit`;

    const saved = await browser.post(
      url,
      form(ref, { organisationIds: police.id, otherAgencies: 'Ambulance service' }),
    );
    assert.equal(saved.statusCode, 302, saved.body);
    assert.equal(saved.headers.location, `/reviews/${review.id}/notification`);

    const page = await browser.get(`/reviews/${review.id}/notification`);
    assert.match(page.body, /Serious incident notification recorded/);
    assert.match(page.body, /Non-accidental injury/);
    assert.match(page.body, new RegExp(`${police.name}; Ambulance service`));
    assert.match(page.body, /On a child protection plan/);
    assert.match(
      page.body,
      new RegExp(`href="/reviews/${review.id}/notification.pdf">Download the notification as a PDF`),
    );

    const pdf = await browser.get(`/reviews/${review.id}/notification.pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      /^attachment; filename="serious-incident-notification-/,
    );
    assert.ok(
      textOfPdf(pdf.rawPayload).includes(`${ref} Under 1 year Female Mixed or multiple ethnic groups`),
    );

    // A second save replaces it, with the version the form carried.
    const changed = await browser.post(url, form(ref, { version: '1', description: 'Changed description.' }));
    assert.equal(changed.statusCode, 302, changed.body);
    assert.match((await browser.get(`/reviews/${review.id}/notification`)).body, /Changed description\./);
    const stale = await browser.post(url, form(ref, { version: '1' }));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved/);
  });

  it('re-renders with the error summary linked to each bad field', async () => {
    const review = await createReview(ctx.db, { subjectRef: uniqueRef() });
    const browser = await browserUser('business-unit');
    const response = await browser.post(`/reviews/${review.id}/notification/edit`, {
      ...form('Jane Smith'),
      incidentCategory: '',
      'children-1-sex': '',
      'ofstedNotifiedDate-day': '31',
      'ofstedNotifiedDate-month': '2',
      'ofstedNotifiedDate-year': '2026',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: /);
    for (const [href, message] of [
      ['#incidentCategory', 'Select the kind of incident'],
      ['#children-1-reference', 'not the child&#39;s name'],
      ['#children-1-sex', 'Select the child&#39;s sex'],
      ['#ofstedNotifiedDate-day', 'The date Ofsted was notified must be a real date'],
    ]) {
      assert.match(response.body, new RegExp(`href="${href}">[^<]*${message}`), href);
    }
    // What was typed stays in the form.
    assert.match(response.body, /value="Jane Smith"/);
    const rows = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE subject_id = $1 AND event = 'incident-notification.changed'`,
      [review.id],
    );
    assert.equal(rows.length, 0);
  });

  it('adds children up to 4, refuses a fifth with a clear message, and removes one', async () => {
    const review = await createReview(ctx.db, { subjectRef: uniqueRef() });
    const browser = await browserUser('business-unit');
    const url = `/reviews/${review.id}/notification/edit`;
    const four = {
      ...form('C1'),
      ...childFields(2, 'C2'),
      ...childFields(3, 'C3'),
      ...childFields(4, 'C4'),
      childCount: '4',
    };

    const added = await browser.post(url, { ...form('C1'), formAction: 'add-child' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /data-testid="child-2"/);
    assert.match(added.body, /name="childCount" value="2"/);

    const fifth = await browser.post(url, { ...four, formAction: 'add-child' });
    assert.equal(fifth.statusCode, 400);
    assert.match(fifth.body, /href="#children">A notification can include up to 4 children/);
    assert.doesNotMatch(fifth.body, /data-testid="child-5"/);

    const removed = await browser.post(url, { ...four, formAction: 'remove-child-2' });
    assert.equal(removed.statusCode, 200);
    assert.match(removed.body, /name="childCount" value="3"/);
    assert.doesNotMatch(removed.body, /value="C2"/);
    assert.match(removed.body, /name="children-2-reference" type="text" spellcheck="false" value="C3"/);

    const forged = await browser.post(url, { ...four, ...childFields(5, 'C5'), childCount: '5' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /A notification can include up to 4 children/);

    const saved = await browser.post(url, four);
    assert.equal(saved.statusCode, 302, saved.body);
  });

  it('records the date the Panel was notified on the review, with the review’s version', async () => {
    const review = await createReview(ctx.db, { subjectRef: uniqueRef(), awareDate: '2026-01-06' });
    const browser = await browserUser('business-unit');
    const url = `/reviews/${review.id}/notification/panel-notified`;
    const formUrl = `/reviews/${review.id}/notification`;

    const early = await browser.post(
      url,
      {
        reviewVersion: '1',
        'panelNotifiedDate-day': '2',
        'panelNotifiedDate-month': '1',
        'panelNotifiedDate-year': '2026',
      },
      formUrl,
    );
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#panelNotifiedDate-day">The National Panel cannot have been notified before/,
    );

    const blank = await browser.post(url, { reviewVersion: '1' }, formUrl);
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /Enter the date the National Panel was notified/);

    const date = {
      'panelNotifiedDate-day': '9',
      'panelNotifiedDate-month': '1',
      'panelNotifiedDate-year': '2026',
    };
    const saved = await browser.post(url, { reviewVersion: '1', ...date }, formUrl);
    assert.equal(saved.statusCode, 302, saved.body);
    const [row] = await ctx.db.query<{ panelNotifiedDate: string; version: number }>(
      'SELECT panel_notified_date AS "panelNotifiedDate", version FROM reviews WHERE id = $1',
      [review.id],
    );
    assert.deepEqual(row, { panelNotifiedDate: '2026-01-09', version: 2 });

    const stale = await browser.post(url, { reviewVersion: '1', ...date }, formUrl);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else changed this review/);
  });

  it('lets the board read but not change (403), and hides the pages from another organisation (404)', async () => {
    const review = await createReview(ctx.db, { subjectRef: uniqueRef() });
    const manager = await browserUser('business-unit');
    assert.equal(
      (await manager.post(`/reviews/${review.id}/notification/edit`, form('Child Q'))).statusCode,
      302,
    );

    const board = await browserUser('board-member');
    const page = await board.get(`/reviews/${review.id}/notification`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /notification\/edit|panel-notified/);
    assert.equal((await board.get(`/reviews/${review.id}/notification/edit`)).statusCode, 403);
    const post = await board.post(
      `/reviews/${review.id}/notification/edit`,
      form('Child Q'),
      `/reviews/${review.id}/notification`,
    );
    assert.equal(post.statusCode, 403);

    const partner = await browserUser('organisation-lead', (await createOrganisation(ctx.db, 'police')).id);
    for (const url of ['', '/edit', '.pdf']) {
      assert.equal((await partner.get(`/reviews/${review.id}/notification${url}`)).statusCode, 404, url);
    }
    const views = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE subject_id = $1 AND event = 'incident-notification.viewed'`,
      [review.id],
    );
    // The board member's two views (the second to read the form's token); no partner's, no edit form's.
    assert.equal(views.length, 2);
  });
});
