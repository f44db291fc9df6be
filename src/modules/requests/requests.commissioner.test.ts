import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { Forbidden, NotFound } from '../../platform/errors.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createActor,
  createOrganisation,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';

describe('information requests to the providers an ICB commissions', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('shows them to the ICB lead, read-only, with the return only once it is sent', async () => {
    const icb = await createOrganisation(t.db, 'icb');
    const otherIcb = await createOrganisation(t.db, 'icb');
    const practice = await createOrganisation(t.db, 'gp-practice');
    const council = await createOrganisation(t.db, 'local-authority');
    await t.db.query('UPDATE organisations SET commissioned_by = $1 WHERE id = $2', [icb.id, practice.id]);
    const { review } = await createReviewWithAction(t.db, practice.id);
    const manager = await createActor(t.db, 'business-unit');
    const sent = await t.services.requests.send(manager, review.id, {
      organisationIds: [practice.id, council.id],
      asks: ['chronology'],
      dueDate: addDays(londonToday(), 14),
    });
    const toPractice = sent.requests.find((r) => r.organisationId === practice.id)!;
    const icbLead = await createActor(t.db, 'organisation-lead', icb.id);

    const listed = await t.services.requests.list(icbLead);
    assert.deepEqual(
      listed.map((r) => r.organisationId),
      [practice.id],
      'the commissioned practice’s request, not the council’s',
    );
    assert.deepEqual(
      (await t.services.requests.listForReview(icbLead, review.id)).map((r) => r.organisationId),
      [practice.id],
    );

    const practiceLead = await createActor(t.db, 'organisation-lead', practice.id);
    await t.services.requests.saveAnswer(practiceLead, toPractice.id, { answer: 'Draft chronology' });
    const draft = await t.services.requests.get(icbLead, toPractice.id);
    assert.equal(draft.request.answer, null, 'a draft stays the practice’s own');
    assert.equal(draft.canAnswer, false);
    assert.equal(draft.canOpenReview, false);
    await assert.rejects(
      t.services.requests.saveAnswer(icbLead, toPractice.id, { answer: 'Overwritten' }),
      Forbidden,
    );
    await t.services.requests.sendReturn(practiceLead, toPractice.id, { answer: 'Chronology, 3 contacts' });
    assert.equal(
      (await t.services.requests.get(icbLead, toPractice.id)).request.answer,
      'Chronology, 3 contacts',
    );

    const stranger = await createActor(t.db, 'organisation-lead', otherIcb.id);
    await assert.rejects(t.services.requests.get(stranger, toPractice.id), NotFound);
    assert.deepEqual(await t.services.requests.list(stranger), []);

    const user = await createUser(t.db, 'organisation-lead', icb.id);
    const page = await (await signInAsBrowser(t.app, user.email, TEST_PASSWORD)).get('/requests');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<td class="govuk-table__cell">${practice.name}</td>`));
    assert.match(page.body, /the providers .* commissions/);
  });
});
