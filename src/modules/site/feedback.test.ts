import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildTestApp,
  cookieFrom,
  csrfFrom,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('feedback on the service', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('takes feedback from someone not signed in, and the business unit reads it escaped', async () => {
    const form = await ctx.app.inject({ method: 'GET', url: '/feedback?page=/reviews' });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Do not include the name or any details of a child or family/);
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/feedback',
      headers: { cookie: cookieFrom(form) },
      payload: { _csrf: csrfFrom(form.body), text: 'The tracker is <b>great</b>', page: '/reviews' },
    });
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /Thank you for your feedback/);
    const manager = await createUser(ctx.db, 'business-unit');
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const received = await browser.get('/feedback/received');
    assert.match(received.body, /The tracker is &lt;b&gt;great&lt;\/b&gt;/);
    assert.match(received.body, /about \/reviews/);
  });

  it('asks for the feedback when the box is empty', async () => {
    const form = await ctx.app.inject({ method: 'GET', url: '/feedback' });
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/feedback',
      headers: { cookie: cookieFrom(form) },
      payload: { _csrf: csrfFrom(form.body), text: '  ' },
    });
    assert.equal(sent.statusCode, 400);
    assert.match(sent.body, /href="#text"/);
  });

  it('keeps what people wrote to the business unit', async () => {
    const lead = await createUser(ctx.db, 'organisation-lead');
    const browser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    assert.equal((await browser.get('/feedback/received')).statusCode, 403);
  });
});
