import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { syntheticLeafletPdf } from '../../demo/seed-campaigns.ts';
import {
  buildTestApp,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { createActor, createOrganisation, TEST_PASSWORD } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';

describe('campaign pages and API', () => {
  let t: TestContext;
  let manager: Actor;
  let lead: Actor;
  let practitioner: Actor;
  let campaignId: string;
  const missing = '00000000-0000-4000-8000-000000000000';
  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    lead = await createActor(
      t.db,
      'organisation-lead',
      (await createOrganisation(t.db, 'gp-practice', 'Alder Surgery')).id,
    );
    await createOrganisation(t.db, 'school', 'Birchwood Primary School');
    practitioner = await createActor(t.db, 'practitioner', lead.organisationId);
    campaignId = (await t.services.campaigns.create(manager, { title: 'Safer sleep and alcohol' })).id;
  });
  after(() => t.close());

  it('shows the campaign and who has shared it to anyone signed in; 404 for an unknown one', async () => {
    const page = await signInAsBrowser(t.app, practitioner.email, TEST_PASSWORD);
    const list = await page.get('/campaigns');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Safer sleep and alcohol/);
    const campaign = await page.get(`/campaigns/${campaignId}`);
    assert.equal(campaign.statusCode, 200);
    assert.match(
      campaign.body,
      /Birchwood Primary School<\/td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">Not yet shared/,
    );
    assert.doesNotMatch(campaign.body, /Record that it was shared/);
    assert.equal((await page.get(`/campaigns/${missing}`)).statusCode, 404);
    assert.equal((await page.get('/campaigns/x')).statusCode, 404);
    assert.equal((await page.get(`/campaigns/${campaignId}/shares/new`)).statusCode, 403);
    assert.equal((await page.get('/campaigns/new')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/campaigns' })).statusCode, 302);
  });

  it('lets a lead record that their organisation shared it, re-rendering with errors first (400)', async () => {
    const page = await signInAsBrowser(t.app, lead.email, TEST_PASSWORD);
    const formUrl = `/campaigns/${campaignId}/shares/new`;
    const bad = await page.post(`/campaigns/${campaignId}/shares`, { how: '', reach: 'lots' }, formUrl);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#sharedOn-day"/);
    assert.match(bad.body, /Say how it was shared/);
    const ok = await page.post(
      `/campaigns/${campaignId}/shares`,
      {
        'sharedOn-day': '2',
        'sharedOn-month': '2',
        'sharedOn-year': '2026',
        how: 'Leaflets in the waiting room',
        reach: '40',
      },
      formUrl,
    );
    assert.equal(ok.statusCode, 302);
    const campaign = await page.get(`/campaigns/${campaignId}`);
    assert.match(
      campaign.body,
      /Alder Surgery<\/td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green">Shared<\/strong> 2 February 2026/,
    );
  });

  it('takes a leaflet upload from the business unit and serves it as a download', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const form = await page.get(`/campaigns/${campaignId}/resources/new`);
    const upload = (fields: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
      const { payload, headers } = multipart({ _csrf: csrfFrom(form.body), ...fields }, file);
      return t.app.inject({
        method: 'POST',
        url: `/campaigns/${campaignId}/resources`,
        headers: { ...headers, cookie: page.cookie },
        payload,
      });
    };
    const wrong = await upload(
      { kind: 'leaflet', title: 'Leaflet' },
      { field: 'file', name: 'x.txt', type: 'text/plain', content: 'hello' },
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The leaflet must be a PDF, a Word document, or a PNG or JPEG image/);
    const video = await upload({ kind: 'video', title: 'Video', url: 'http://example.org/v' });
    assert.equal(video.statusCode, 400);
    assert.match(video.body, /starting with https:\/\//);
    const pdf = syntheticLeafletPdf(['Safer sleep']);
    const ok = await upload(
      { kind: 'leaflet', title: 'Leaflet for parents' },
      { field: 'file', name: 'leaflet.pdf', type: 'application/pdf', content: pdf },
    );
    assert.equal(ok.statusCode, 302, ok.body);
    const campaign = await page.get(`/campaigns/${campaignId}`);
    const href = /href="(\/campaigns\/[^"]+\/file)"/.exec(campaign.body)![1]!;
    const file = await page.get(href);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="leaflet.pdf"$/);
    assert.deepEqual(file.rawPayload, pdf);
  });

  it('lists, reads and changes campaigns by API with 400, 403, 404 and 409', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const list = await api.get('/api/v1/campaigns');
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().total >= 1);
    assert.equal((await api.get(`/api/v1/campaigns/${missing}`)).statusCode, 404);
    const bad = await api.post('/api/v1/campaigns', { title: '', startDate: '2026-02-30' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().fields.some((f: { path: string }) => f.path === 'startDate'));
    const created = await api.post('/api/v1/campaigns', { title: 'Bath seats', startDate: '2026-04-01' });
    assert.equal(created.statusCode, 201);
    const id = created.json().id;
    assert.equal(
      (await api.patch(`/api/v1/campaigns/${id}`, { title: 'Bath safety', version: 9 })).statusCode,
      409,
    );
    const staleAndBad = await api.patch(`/api/v1/campaigns/${id}`, { title: '', startDate: 'x', version: 9 });
    assert.equal(staleAndBad.statusCode, 409, 'a stale version is a 409 before any other rule');
    const early = await api.patch(`/api/v1/campaigns/${id}`, {
      title: 'Bath safety',
      endDate: '2026-03-01',
      version: 1,
    });
    assert.equal(early.statusCode, 400, 'an end before the start kept from before');
    const renamed = await api.patch(`/api/v1/campaigns/${id}`, { title: 'Bath safety', version: 1 });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().startDate, '2026-04-01', 'a field left out keeps its value');
    const video = await api.post(`/api/v1/campaigns/${id}/videos`, {
      title: 'Bath safety',
      url: 'https://example.org/bath',
    });
    assert.equal(video.statusCode, 201);
    assert.equal(video.json().downloadUrl, null);

    const leadApi = await signInAsApi(t.app, lead.email, TEST_PASSWORD);
    assert.equal((await leadApi.post('/api/v1/campaigns', { title: 'Mine' })).statusCode, 403);
    const shared = await leadApi.post(`/api/v1/campaigns/${id}/shares`, {
      sharedOn: '2026-04-02',
      how: 'Newsletter',
    });
    assert.equal(shared.statusCode, 201);
    const detail = await leadApi.get(`/api/v1/campaigns/${id}`);
    assert.equal(detail.statusCode, 200);
    const mine = detail
      .json()
      .sharing.find((s: { organisationId: string }) => s.organisationId === lead.organisationId);
    assert.equal(mine.lastSharedOn, '2026-04-02');
    assert.equal(detail.json().organisationsShared, 1);
    const practitionerApi = await signInAsApi(t.app, practitioner.email, TEST_PASSWORD);
    assert.equal(
      (await practitionerApi.post(`/api/v1/campaigns/${id}/shares`, { sharedOn: '2026-04-02', how: 'x' }))
        .statusCode,
      403,
    );
  });

  it('answers a cut-short leaflet upload with a 400 GOV.UK problem page, not a server error', async () => {
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const form = await page.get(`/campaigns/${campaignId}/resources/new`);
    const { payload, headers } = multipart(
      { _csrf: csrfFrom(form.body), kind: 'leaflet', title: 'Cut short' },
      { field: 'file', name: 'leaflet.pdf', type: 'application/pdf', content: Buffer.alloc(4096, 1) },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${campaignId}/resources`,
      headers: { ...headers, cookie: page.cookie },
      payload: payload.subarray(0, payload.length - 100),
    });
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /The file could not be read because the upload was incomplete/);
  });
});
