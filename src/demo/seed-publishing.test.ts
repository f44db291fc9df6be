import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import type { Actor } from '../platform/http/current-user.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo publication of the Baby T report', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  let reviewId: string;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await demoActor(db, 'manager@demo.lantern.test');
    reviewId = (await db.query<{ id: string }>("SELECT id FROM reviews WHERE subject_ref = 'Baby T'"))[0]!.id;
  });
  after(() => db.close());

  it('has a draft report with two open findings and the briefing chosen; once cleared and published, the briefing is public', async () => {
    const view = await services.publishing.get(manager, reviewId);
    assert.ok(view.report!.text.split(/\s+/).length > 550);
    assert.deepEqual(
      view.findings.map((f) => [f.kind, f.text, f.status]),
      [
        ['name', 'Mrs Pennington', 'open'],
        ['postcode', 'BV4 7QT', 'open'],
      ],
    );
    assert.ok(view.settings.briefingId);
    assert.equal(
      view.briefings.find((b) => b.id === view.settings.briefingId)?.title,
      'Safer sleep: learning from Baby T',
    );
    assert.equal(
      await services.publishing.gate(reviewId),
      'The report has 2 open findings from the publication check',
    );
    assert.deepEqual(await services.publishing.publicReports(), []);
    assert.equal(await services.publishing.publicBriefing(reviewId), null);

    // Cleared and published as the demo walk-through does it, its chosen briefing goes public too:
    // the demo briefing passes the publication check with the review's allowed references.
    const view2 = await services.publishing.get(manager, reviewId);
    await services.publishing.editText(manager, reviewId, 'report', {
      text: view2.report!.text.replace(' in BV4 7QT', ''),
    });
    const name = (await services.publishing.get(manager, reviewId)).findings.find(
      (f) => f.status === 'open',
    )!;
    await services.publishing.accept(manager, reviewId, name.id, { reason: 'A pseudonym' });
    await services.publishing.saveSettings(manager, reviewId, {
      ...view2.settings,
      publicTitle: 'Learning review: Baby T',
    });
    await db.query("UPDATE reviews SET status = 'published' WHERE id = $1", [reviewId]);
    const briefing = await services.publishing.publicBriefing(reviewId);
    assert.equal(briefing?.title, 'Safer sleep: learning from Baby T');
  });
});
