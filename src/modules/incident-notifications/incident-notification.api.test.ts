import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOrganisation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { textOfPdf, uniqueRef } from '../exports/exports.test-support.ts';

const child = (reference: string, extra: Record<string, unknown> = {}) => ({
  reference,
  ageBand: 'under-1',
  sex: 'male',
  ethnicity: 'white',
  outcome: 'died',
  socialCare: 'not-known',
  ...extra,
});

describe('/api/v1/reviews/{id}/notification', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function apiUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const headers = { authorization: `Bearer ${api.token}` };
    return {
      user,
      ...api,
      put: (url: string, payload: unknown) =>
        ctx.app.inject({ method: 'PUT', url, headers, payload: payload as object }),
    };
  }

  const body = async (ref: string, extra: Record<string, unknown> = {}) => ({
    incidentCategory: 'sudden-unexpected-death-in-infancy',
    description: `${ref} died while co-sleeping with a parent after a family gathering.`,
    abuseOrNeglect: 'suspected',
    organisationIds: [(await createOrganisation(ctx.db, 'police')).id],
    otherAgencies: 'Ambulance service',
    submittedBy: 'Head of service, Brookvale Council',
    children: [child(ref)],
    ...extra,
  });

  const auditRows = (reviewId: string) =>
    ctx.db.query<{ event: string; before: unknown; after: { children: { reference: string }[] } | null }>(
      `SELECT event, before, after FROM audit_events
        WHERE subject_id = $1 AND event LIKE 'incident-notification.%' ORDER BY id`,
      [reviewId],
    );

  it('records a notification (201), reads it back with the review’s dates, and replaces it with its version', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, {
      subjectRef: ref,
      incidentDate: '2026-01-05',
      awareDate: '2026-01-06',
    });
    const bu = await apiUser('business-unit');
    const url = `/api/v1/reviews/${review.id}/notification`;

    assert.equal((await bu.get(url)).statusCode, 404);
    const created = await bu.put(url, await body(ref));
    assert.equal(created.statusCode, 201, created.body);
    const saved = created.json();
    assert.equal(saved.version, 1);
    assert.equal(saved.awareDate, '2026-01-06');
    assert.equal(saved.incidentDate, '2026-01-05');
    assert.equal(saved.panelNotifiedDate, null);
    assert.deepEqual(saved.children, [child(ref)]);
    assert.equal(saved.agencies.length, 1);

    const read = await bu.get(url);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().description, saved.description);

    const twoChildren = await body(ref, {
      version: 1,
      children: [child(ref), child('Sibling 1', { outcome: 'seriously-harmed', ageBand: '1-4' })],
    });
    const updated = await bu.put(url, twoChildren);
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().version, 2);
    assert.deepEqual(
      updated.json().children.map((c: { reference: string }) => c.reference),
      [ref, 'Sibling 1'],
    );

    const stale = await bu.put(url, { ...twoChildren, version: 1 });
    assert.equal(stale.statusCode, 409);
    const events = (await auditRows(review.id)).map((r) => r.event);
    assert.deepEqual(events, [
      'incident-notification.changed',
      'incident-notification.viewed',
      'incident-notification.changed',
    ]);
  });

  it('refuses a fifth child, a name as a reference, and two children with one reference', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const bu = await apiUser('business-unit');
    const url = `/api/v1/reviews/${review.id}/notification`;

    const five = await bu.put(
      url,
      await body(ref, { children: ['A', 'B', 'C', 'D', 'E'].map((r) => child(r)) }),
    );
    assert.equal(five.statusCode, 400);
    assert.deepEqual(five.json().fields, [
      {
        path: 'children',
        message:
          'A notification can include up to 4 children. Give brief details of any other children in the description.',
      },
    ]);

    const named = await bu.put(url, await body(ref, { children: [child('Tommy Jones')] }));
    assert.equal(named.statusCode, 400);
    assert.equal(named.json().fields[0].path, 'children.0.reference');
    assert.match(named.json().fields[0].message, /not the child's name/);

    const twice = await bu.put(url, await body(ref, { children: [child('AB'), child('ab')] }));
    assert.equal(twice.statusCode, 400);
    assert.deepEqual(twice.json().fields, [
      { path: 'children.1.reference', message: 'Give each child a different reference' },
    ]);
    assert.equal((await auditRows(review.id)).length, 0, 'nothing saved, nothing audited');
  });

  it('accepts "neither known nor suspected" only for the death of a looked-after child', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const bu = await apiUser('business-unit');
    const url = `/api/v1/reviews/${review.id}/notification`;

    const refused = await bu.put(url, await body(ref, { abuseOrNeglect: 'neither' }));
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().fields[0].path, 'abuseOrNeglect');

    const lookedAfter = await bu.put(
      url,
      await body(ref, { abuseOrNeglect: 'neither', children: [child(ref, { socialCare: 'looked-after' })] }),
    );
    assert.equal(lookedAfter.statusCode, 201, lookedAfter.body);
  });

  it('refuses an unknown agency and an Ofsted date before the incident', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref, incidentDate: '2026-01-05' });
    const bu = await apiUser('business-unit');
    const response = await bu.put(
      `/api/v1/reviews/${review.id}/notification`,
      await body(ref, {
        organisationIds: ['00000000-0000-4000-8000-000000000000'],
        ofstedNotifiedDate: '2026-01-01',
      }),
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(
      response
        .json()
        .fields.map((f: { path: string }) => f.path)
        .sort(),
      ['ofstedNotifiedDate', 'organisationIds'],
    );
  });

  it('lets a partner holding actions in the review read it, hides it from another organisation (404), and refuses the board an edit (403)', async () => {
    const trust = await createOrganisation(ctx.db, 'nhs-trust');
    const { review } = await createReviewWithAction(ctx.db, trust.id);
    const bu = await apiUser('business-unit');
    const url = `/api/v1/reviews/${review.id}/notification`;
    const payload = await body('Child Q');
    assert.equal((await bu.put(url, payload)).statusCode, 201);

    const partner = await apiUser('organisation-lead', trust.id);
    assert.equal((await partner.get(url)).statusCode, 200);
    assert.equal((await partner.put(url, { ...payload, version: 1 })).statusCode, 403);

    const other = await apiUser('organisation-lead', (await createOrganisation(ctx.db, 'police')).id);
    assert.equal((await other.get(url)).statusCode, 404);
    assert.equal((await other.get(`${url}/pdf`)).statusCode, 404);
    assert.equal((await other.put(url, { ...payload, version: 1 })).statusCode, 404);

    const board = await apiUser('board-member');
    assert.equal((await board.get(url)).statusCode, 200);
    const refused = await board.put(url, { ...payload, version: 1 });
    assert.equal(refused.statusCode, 403);
    assert.equal((await bu.get(url)).json().version, 1, 'unchanged');
  });

  it('sends the notification as a PDF marked OFFICIAL-SENSITIVE, with the child’s reference', async () => {
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref });
    const bu = await apiUser('business-unit');
    await bu.put(`/api/v1/reviews/${review.id}/notification`, await body(ref));

    const response = await bu.get(`/api/v1/reviews/${review.id}/notification/pdf`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    const slug = ref.toLowerCase().replace(' ', '-');
    assert.match(
      String(response.headers['content-disposition']),
      new RegExp(`^attachment; filename="serious-incident-notification-${slug}-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`),
    );
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = textOfPdf(response.rawPayload);
    assert.ok(text.startsWith('OFFICIAL-SENSITIVE'), text);
    assert.ok(text.includes(`Serious incident notification: review ${ref}`), text);
    assert.ok(text.includes('Sudden unexpected death in infancy'), text);
    assert.ok(text.includes('Ambulance service'), text);
    assert.match(text, /Generated on \d{1,2} \w+ \d{4}/);
    const rows = await ctx.db.query<{ details: { format: string } }>(
      `SELECT details FROM audit_events WHERE subject_id = $1 AND event = 'incident-notification.viewed'`,
      [review.id],
    );
    assert.deepEqual(
      rows.map((r) => r.details.format),
      ['pdf'],
    );
  });
  it('is described in the OpenAPI document: GET and PUT with the children, and the PDF', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/v1/reviews/{id}/notification'];
    assert.ok(path.get && path.put);
    assert.ok(path.put.requestBody.content['application/json'].schema.properties.children);
    const pdf = doc.paths['/api/v1/reviews/{id}/notification/pdf'].get;
    assert.deepEqual(Object.keys(pdf.responses['200'].content), ['application/pdf']);
  });
});
