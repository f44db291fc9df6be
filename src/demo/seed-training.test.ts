import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo training programme', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('has a year of the GP course reaching four of six practices, a full session with a waiting list, and evidence for the review', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const actor = await demoActor(db, 'manager@demo.lantern.test');
    const { items } = await services.training.courses(actor);
    assert.equal(items.length, 1);
    const { course, scenarios, sessions } = await services.training.course(actor, items[0]!.id);
    assert.equal(course.title, 'Safeguarding in primary care: learning from reviews');
    assert.ok(scenarios.length >= 3 && scenarios.every((s) => s.reviewRef === 'Baby T'));
    assert.ok(scenarios.some((s) => s.learningPoints.length > 0));

    const coverage = await services.trainingReach.coverage(actor, course.id, 12);
    const practices = coverage.items.filter((i) => i.organisationType === 'gp-practice');
    assert.equal(practices.length, 6);
    assert.equal(practices.filter((p) => p.attendees > 0).length, 4);

    const upcoming = sessions.filter((s) => !s.past);
    assert.ok(
      upcoming.some((s) => s.placesLeft === 0 && s.waiting > 0),
      'a full session with a waiting list',
    );
    assert.ok(
      upcoming.some((s) => s.placesLeft > 0),
      'a session with a place left',
    );
    const past = sessions.filter((s) => s.past && s.date >= coverage.from);
    assert.ok(past.length >= 5, 'sessions through the year');
    const withFeedback = await Promise.all(past.map((s) => services.training.session(actor, s.id)));
    assert.ok(withFeedback.some((v) => v.feedback.count > 0));

    const months = await services.trainingReach.attendanceOverTime(actor, course.id, 12);
    assert.ok(months.length >= 5);
    const [rec] = await db.query<{ id: string }>(
      `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id WHERE r.subject_ref = 'Baby T' AND rc.number = 1`,
    );
    const evidence = await services.trainingReach.learningEvidence(actor, rec!.id);
    assert.equal(evidence[0]?.kind, 'training');
    assert.match(
      evidence[0]!.detail,
      /sessions; \d+ people from \d+ organisations attended in the last 12 months/,
    );
  });
});
