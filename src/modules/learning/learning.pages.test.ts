import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('GET /learning', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('leads every signed-in user, board members included, to briefings, training, forums and campaigns', async () => {
    const org = await createOrganisation(t.db, 'other');
    const board = await createUser(t.db, 'board-member', org.id);
    const browser = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const page = await browser.get('/learning');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Spreading the learning<\/h1>/);
    for (const href of ['/briefings', '/courses', '/forums', '/campaigns'])
      assert.match(page.body, new RegExp(`href="${href}"`));
    assert.match(page.body, /href="\/learning"[^>]*aria-current="true"/);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/learning' });
    assert.equal(page.statusCode, 302);
    assert.match(String(page.headers.location), /sign-in/);
  });
});
