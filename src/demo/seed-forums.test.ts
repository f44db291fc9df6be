import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/http/current-user.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo GP Forum and safer-sleep campaign', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await demoActor(db, 'manager@demo.lantern.test');
  });
  after(() => db.close());

  it('has a GP Forum chaired by the Named GP, with most but not all practices, three meetings held and a tracked action', async () => {
    const { items } = await services.forums.list(manager, { page: 1, pageSize: 50 });
    const forum = items.find((f) => f.name === 'GP Forum')!;
    assert.equal(forum.chairName, 'Dr Aaron Pike');
    const overview = await services.forums.overview(manager, forum.id);
    assert.deepEqual(
      overview.practicesWithoutMember.map((p) => p.name),
      ['Oakfield Family Practice'],
    );
    assert.equal(overview.attendance.held.length, 3);
    assert.equal(overview.meetings.length, 4, 'three held and one to come');
    const last = overview.attendance.held.at(-1)!;
    const view = await services.forumMeetings.get(manager, forum.id, last.id);
    assert.equal(view.meeting.practicesPresent, 5);
    assert.ok(view.agenda.some((i) => i.reviewRef === 'Baby T' && i.learningPointNumber === 4));
    assert.equal(view.actions.length, 1);
    const tracker = await services.actions.list(manager, {}, { page: 1, pageSize: 200 });
    assert.ok(tracker.items.some((a) => a.forumMeetingId === last.id && a.origin.startsWith('GP Forum, ')));
  });

  it('gives forum discussions and campaign sharing as evidence for the Baby T recommendations', async () => {
    const [rec] = await db.query<{ id: string }>(
      `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id
        WHERE r.subject_ref = 'Baby T' AND rc.text LIKE 'Maternity and health visiting%'`,
    );
    const forums = await services.forums.learningEvidence(manager, rec!.id);
    assert.equal(forums.length, 3, 'every held meeting discussed the review');
    assert.match(forums[0]!.detail, /^Discussed at GP Forum, \d{1,2} \w+ \d{4} \(5 practices present\)$/);
    const campaigns = await services.campaigns.learningEvidence(manager, rec!.id);
    assert.deepEqual(
      campaigns.map((c) => [c.title, c.detail]),
      [['Safer sleep and alcohol', 'Shared by 5 of 12 organisations']],
    );
    const { items } = await services.campaigns.list(manager, { page: 1, pageSize: 50 });
    const view = await services.campaigns.get(manager, items[0]!.id);
    assert.deepEqual(
      view.resources.map((r) => r.kind),
      ['video', 'leaflet'],
    );
    const leaflet = await services.campaigns.download(manager, view.campaign.id, view.resources[1]!.id);
    assert.equal(leaflet.content.subarray(0, 5).toString(), '%PDF-');
  });
});
