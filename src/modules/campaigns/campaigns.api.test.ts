import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syntheticLeafletPdf } from '../../demo/seed-campaigns.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { createActor, createOrganisation, TEST_PASSWORD } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';

describe('campaign resources API', () => {
  let t: TestContext;
  let manager: Actor;
  let campaignId: string;
  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    campaignId = (await t.services.campaigns.create(manager, { title: 'Safer sleep by API' })).id;
  });
  after(() => t.close());

  const upload = async (
    email: string,
    fields: Record<string, string>,
    file?: Parameters<typeof multipart>[1],
    id = campaignId,
  ) => {
    const { token } = await signInAsApi(t.app, email, TEST_PASSWORD);
    const { payload, headers } = multipart(fields, file);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${id}/resources`,
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
  };

  it('takes a leaflet as multipart with the page’s checks, and lists it with where to download it', async () => {
    const pdf = syntheticLeafletPdf(['Safer sleep for every baby']);
    const disguised = await upload(
      manager.email,
      { title: 'Not a PDF' },
      { field: 'file', name: 'leaflet.pdf', type: 'application/pdf', content: 'plain text, not a PDF' },
    );
    assert.equal(disguised.statusCode, 400);
    assert.deepEqual(disguised.json(), {
      error: 'validation',
      fields: [
        { path: 'file', message: 'The leaflet must be a PDF, a Word document, or a PNG or JPEG image' },
      ],
    });
    const tooBig = await upload(
      manager.email,
      { title: 'Big' },
      { field: 'file', name: 'big.pdf', type: 'application/pdf', content: Buffer.alloc(5 * 1024 * 1024 + 1) },
    );
    assert.equal(tooBig.statusCode, 400);
    assert.equal(tooBig.json().fields[0].message, 'The leaflet must be 5 MB or smaller');
    const noFile = await upload(manager.email, { title: 'No file' });
    assert.equal(noFile.json().fields[0].path, 'file');

    const created = await upload(
      manager.email,
      { title: 'Leaflet for parents' },
      { field: 'file', name: 'leaflet.pdf', type: 'application/pdf', content: pdf },
    );
    assert.equal(created.statusCode, 201, created.body);
    const leaflet = created.json();
    assert.equal(leaflet.kind, 'leaflet');
    assert.equal(leaflet.title, 'Leaflet for parents');
    assert.equal(leaflet.contentType, 'application/pdf');
    assert.equal(leaflet.sizeBytes, pdf.length);
    assert.equal(leaflet.downloadUrl, `/campaigns/${campaignId}/resources/${leaflet.id}/file`);

    const reader = await createActor(
      t.db,
      'practitioner',
      (await createOrganisation(t.db, 'gp-practice')).id,
    );
    const list = await (
      await signInAsApi(t.app, reader.email, TEST_PASSWORD)
    ).get(`/api/v1/campaigns/${campaignId}/resources`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((r: { id: string }) => r.id === leaflet.id));
    assert.equal(list.json().total, list.json().items.length);
    const [audit] = await t.db.query<{ event: string }>(
      "SELECT event FROM audit_events WHERE subject_id = $1 AND after->>'resourceId' = $2",
      [campaignId, leaflet.id],
    );
    assert.equal(audit!.event, 'campaign.resource-added');
  });

  it('takes a video as JSON (https only), and refuses others with 403 and unknown campaigns with 404', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const url = `/api/v1/campaigns/${campaignId}/resources`;
    const insecure = await api.post(url, { kind: 'video', title: 'Video', url: 'http://example.org/v' });
    assert.equal(insecure.statusCode, 400);
    assert.equal(insecure.json().fields[0].path, 'url');
    const noKind = await api.post(url, { title: 'Video', url: 'https://example.org/v' });
    assert.equal(noKind.statusCode, 400);
    assert.equal(noKind.json().fields[0].path, 'kind');
    const video = await api.post(url, {
      kind: 'video',
      title: 'Safer sleep film',
      url: 'https://example.org/v',
    });
    assert.equal(video.statusCode, 201);
    assert.deepEqual(
      { kind: video.json().kind, url: video.json().url, downloadUrl: video.json().downloadUrl },
      { kind: 'video', url: 'https://example.org/v', downloadUrl: null },
    );

    const lead = await createActor(
      t.db,
      'organisation-lead',
      (await createOrganisation(t.db, 'gp-practice')).id,
    );
    const leadApi = await signInAsApi(t.app, lead.email, TEST_PASSWORD);
    assert.equal(
      (await leadApi.post(url, { kind: 'video', title: 'X', url: 'https://e.org' })).statusCode,
      403,
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    assert.equal((await api.get(`/api/v1/campaigns/${missing}/resources`)).statusCode, 404);
    assert.equal((await upload(manager.email, { title: 'X' }, undefined, missing)).statusCode, 404);
  });

  it('describes both routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/v1/campaigns/{campaignId}/resources'];
    assert.ok(path.get.responses['200']);
    assert.ok(path.post.responses['201']);
    assert.ok(path.post.requestBody.content['multipart/form-data']);
  });

  it('pages the resources list: 50 a page by default, page and pageSize honoured, 200 at most', async () => {
    const id = (await t.services.campaigns.create(manager, { title: 'Paged resources' })).id;
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const url = `/api/v1/campaigns/${id}/resources`;
    assert.deepEqual((await api.get(url)).json(), { items: [], total: 0, page: 1, pageSize: 50 });
    for (const title of ['One', 'Two', 'Three'])
      assert.equal(
        (await api.post(url, { kind: 'video', title, url: `https://example.org/${title}` })).statusCode,
        201,
      );
    const all = (await api.get(url)).json();
    assert.equal(all.total, 3);
    const second = (await api.get(`${url}?page=2&pageSize=2`)).json();
    assert.equal(second.total, 3);
    assert.equal(second.page, 2);
    assert.equal(second.pageSize, 2);
    assert.deepEqual(
      second.items.map((r: { id: string }) => r.id),
      [all.items[2].id],
    );
    assert.equal((await api.get(`${url}?pageSize=500`)).statusCode, 400);
  });

  it('answers a broken multipart body with 400 naming the file, not a server error', async () => {
    const { token } = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const { payload, headers } = multipart(
      { title: 'Cut short' },
      { field: 'file', name: 'leaflet.pdf', type: 'application/pdf', content: syntheticLeafletPdf(['x']) },
    );
    const cut = Buffer.from(payload).subarray(0, Math.floor(Buffer.from(payload).length / 2));
    for (const body of [cut, Buffer.from('--x\r\n')]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/resources`,
        headers: {
          ...headers,
          ...(body === cut ? {} : { 'content-type': 'multipart/form-data; boundary=x' }),
          authorization: `Bearer ${token}`,
        },
        payload: body,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error, 'validation');
      assert.equal(res.json().fields[0].path, 'file');
    }
  });
});
