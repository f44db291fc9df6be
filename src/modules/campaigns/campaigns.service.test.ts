import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { syntheticLeafletPdf } from '../../demo/seed-campaigns.ts';
import {
  createActor,
  createOrganisation,
  createRecommendation,
  createReview,
} from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';

const pathOf = (err: unknown) => (err as ValidationFailed).fields.map((f) => f.path);

describe('campaigns service', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  let lead: Actor;
  let practitioner: Actor;
  let board: Actor;
  let recommendationId: string;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await createActor(db, 'business-unit');
    lead = await createActor(db, 'organisation-lead', (await createOrganisation(db, 'nhs-trust')).id);
    practitioner = await createActor(db, 'practitioner', lead.organisationId);
    board = await createActor(db, 'board-member');
    recommendationId = (await createRecommendation(db, (await createReview(db)).id)).id;
  });
  after(() => db.close());

  const create = (input: Record<string, unknown> = {}) =>
    services.campaigns.create(manager, {
      title: 'Safer sleep and alcohol',
      startDate: '2026-01-05',
      endDate: '2026-03-31',
      recommendationIds: [recommendationId],
      ...input,
    });

  it('lets the business unit create and change a campaign linked to recommendations, audited, with versions', async () => {
    await assert.rejects(services.campaigns.create(lead, { title: 'Mine' }), Forbidden);
    await assert.rejects(services.campaigns.create(board, { title: 'Mine' }), Forbidden);
    await assert.rejects(create({ endDate: '2025-12-01' }), (err) => pathOf(err).includes('endDate'));
    await assert.rejects(
      create({ recommendationIds: ['00000000-0000-4000-8000-000000000000'] }),
      ValidationFailed,
    );
    const campaign = await create();
    assert.deepEqual(
      campaign.recommendations.map((r) => r.id),
      [recommendationId],
    );
    const changed = await services.campaigns.update(manager, campaign.id, {
      title: 'Safer sleep, alcohol and drugs',
      recommendationIds: [],
      version: campaign.version,
    });
    assert.equal(changed.recommendations.length, 0);
    await assert.rejects(
      services.campaigns.update(manager, campaign.id, { title: 'Stale', version: campaign.version }),
      Conflict,
    );
    const audit = await db.query<{ event: string }>(
      'SELECT event FROM audit_events WHERE subject_id = $1 ORDER BY id',
      [campaign.id],
    );
    assert.deepEqual(
      audit.map((a) => a.event),
      ['campaign.created', 'campaign.updated'],
    );
  });

  it('accepts a video by https link only', async () => {
    const campaign = await create();
    for (const url of [
      'http://www.example.org/v',
      'javascript:alert(1)',
      'https://user:pw@example.org/',
      'not a url',
    ])
      await assert.rejects(
        services.campaigns.addVideo(manager, campaign.id, { title: 'Video', url }),
        (err) => pathOf(err).includes('url'),
      );
    const video = await services.campaigns.addVideo(manager, campaign.id, {
      title: 'Video',
      url: 'https://www.example.org/safer-sleep',
    });
    assert.equal(video.kind, 'video');
    await assert.rejects(
      services.campaigns.addVideo(lead, campaign.id, { title: 'Video', url: 'https://example.org/' }),
      Forbidden,
    );
  });

  it('stores a leaflet (PDF, Word or image) checked on its content and size, and gives it back', async () => {
    const campaign = await create();
    const pdf = syntheticLeafletPdf(['Safer sleep']);
    await assert.rejects(
      services.campaigns.addLeaflet(manager, campaign.id, { title: 'Leaflet' }, undefined),
      (err) => pathOf(err).includes('file'),
    );
    await assert.rejects(
      services.campaigns.addLeaflet(
        manager,
        campaign.id,
        { title: 'Leaflet' },
        {
          fileName: 'leaflet.pdf',
          declaredType: 'application/pdf',
          content: Buffer.from('MZ not really a pdf'),
        },
      ),
      (err) => pathOf(err).includes('file'),
    );
    await assert.rejects(
      services.campaigns.addLeaflet(
        manager,
        campaign.id,
        { title: 'Leaflet' },
        {
          fileName: 'big.pdf',
          declaredType: 'application/pdf',
          content: Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024)]),
        },
      ),
      (err) => pathOf(err).includes('file'),
    );
    const leaflet = await services.campaigns.addLeaflet(
      manager,
      campaign.id,
      { title: 'Leaflet' },
      { fileName: 'leaflet.pdf', declaredType: 'application/octet-stream', content: pdf },
    );
    assert.equal(leaflet.contentType, 'application/pdf');
    const file = await services.campaigns.download(board, campaign.id, leaflet.id);
    assert.deepEqual(file.content, pdf);
    await assert.rejects(
      services.campaigns.download(board, campaign.id, '00000000-0000-4000-8000-000000000000'),
      NotFound,
    );
  });

  it('records sharing by organisation: a lead for their own, the business unit for any; others may not', async () => {
    const campaign = await create();
    const input = { sharedOn: '2026-02-01', how: 'Video at the team meeting', reach: 30 };
    await assert.rejects(services.campaigns.recordShare(practitioner, campaign.id, input), Forbidden);
    await assert.rejects(services.campaigns.recordShare(board, campaign.id, input), Forbidden);
    const other = await createOrganisation(db, 'school');
    const notYet = await createOrganisation(db, 'gp-practice');
    await assert.rejects(
      services.campaigns.recordShare(lead, campaign.id, { ...input, organisationId: other.id }),
      Forbidden,
    );
    await assert.rejects(services.campaigns.recordShare(manager, campaign.id, input), (err) =>
      pathOf(err).includes('organisationId'),
    );
    await assert.rejects(
      services.campaigns.recordShare(lead, campaign.id, { ...input, sharedOn: '2999-01-01' }),
      (err) => pathOf(err).includes('sharedOn'),
    );
    const share = await services.campaigns.recordShare(lead, campaign.id, input);
    assert.equal(share.organisationId, lead.organisationId);
    await services.campaigns.recordShare(manager, campaign.id, {
      ...input,
      organisationId: other.id,
      reach: null,
    });
    const view = await services.campaigns.get(board, campaign.id);
    const shared = view.sharing.filter((s) => s.times > 0).map((s) => s.organisationId);
    assert.deepEqual(shared.sort(), [lead.organisationId, other.id].sort());
    assert.ok(
      view.sharing.some((s) => s.organisationId === notYet.id && s.times === 0 && s.lastSharedOn === null),
      'organisations not yet shared are listed too',
    );
    const evidence = await services.campaigns.learningEvidence(manager, recommendationId);
    const mine = evidence.find((e) => e.href === `/campaigns/${campaign.id}`)!;
    assert.match(mine.detail, new RegExp(`^Shared by 2 of ${view.sharing.length} organisations$`));
    assert.equal(mine.kind, 'campaign');
  });

  it('adds up large reach estimates without failing, and leaves organisations of type other out of "shared by X of Y"', async () => {
    const rec = (await createRecommendation(db, (await createReview(db)).id)).id;
    const campaign = await create({ recommendationIds: [rec] });
    const partnership = await createOrganisation(db, 'other');
    await services.campaigns.recordShare(manager, campaign.id, {
      organisationId: partnership.id,
      sharedOn: '2026-02-01',
      how: 'Partnership newsletter',
    });
    const [{ organisations }] = (await db.query<{ organisations: number }>(
      "SELECT count(*)::int AS organisations FROM organisations WHERE type <> 'other'",
    )) as [{ organisations: number }];
    const [evidence] = (await services.campaigns.learningEvidence(manager, rec)).filter(
      (e) => e.href === `/campaigns/${campaign.id}`,
    );
    assert.equal(evidence!.detail, `Shared by 0 of ${organisations} organisations`);

    // 250 shares of 10 million each: more than a 32-bit sum can hold.
    await db.query(
      `INSERT INTO campaign_shares (campaign_id, organisation_id, shared_on, how, reach, recorded_by)
       SELECT $1, $2, '2026-02-02', 'Radio', 10000000, $3 FROM generate_series(1, 250)`,
      [campaign.id, lead.organisationId, manager.id],
    );
    const view = await services.campaigns.get(board, campaign.id);
    const mine = view.sharing.find((s) => s.organisationId === lead.organisationId)!;
    assert.equal(mine.reach, 2_500_000_000);
    assert.equal(mine.times, 250);
  });
});
