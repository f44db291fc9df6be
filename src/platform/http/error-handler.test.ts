import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestContext } from '../../../test/test-app.ts';

describe('answers to requests that go wrong', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('shows the GOV.UK "Page not found" page with 404 for an unknown page', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<title>Page not found – Lantern<\/title>/);
    assert.match(response.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
  });

  it('answers 404 JSON {error: "not-found"} for an unknown /api path or method', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/no-such-thing'],
      ['POST', '/api/v1/me'],
      ['GET', '/%61pi/v1/no-such-thing'],
    ] as const) {
      const response = await ctx.app.inject({ method, url });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.match(String(response.headers['content-type']), /^application\/json/, `${method} ${url}`);
      assert.deepEqual(response.json(), { error: 'not-found', message: 'Not found' });
    }
  });

  it('answers malformed JSON with 400 {error: "validation"}, never 500', async () => {
    for (const payload of ['{"email": ', 'not json', '[1,2', '"just a string"']) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      assert.equal(response.statusCode, 400, payload);
      const body = response.json() as { error: string; fields: { path: string; message: string }[] };
      assert.equal(body.error, 'validation', payload);
      assert.ok(body.fields.length > 0, payload);
      assert.ok(!('stack' in body), payload);
    }
  });

  it('answers an empty JSON body with 400 {error: "validation"}', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'validation');
  });

  it('answers an unsupported content type with 415 naming the content-type', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'text/csv' },
      payload: 'email,password',
    });
    assert.equal(response.statusCode, 415);
    assert.deepEqual(response.json().error, 'validation');
    assert.equal(response.json().fields[0].path, 'content-type');
  });

  it('answers a body over 1 MB with 413 JSON, not 500', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'a@test.lantern.test', password: 'x'.repeat(1_100_000) },
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error, 'validation');
  });
});

describe('security headers', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('sends a CSP that allows no inline script except by nonce, and forbids framing and sniffing', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    const scriptSrc = directives.get('script-src');
    assert.ok(scriptSrc, csp);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), csp);
    assert.ok(!scriptSrc.includes("'unsafe-eval'"), csp);
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'same-origin');
  });

  it("gives every script on a page the response's CSP nonce, so the page's own scripts still run", async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    const scripts = response.body.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 2);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
    // A fresh nonce for every response.
    const again = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    assert.ok(!String(again.headers['content-security-policy']).includes(nonce));
  });

  it('sends no HSTS and no upgrade-insecure-requests when TLS is off', async () => {
    assert.equal(ctx.config.tls, false);
    for (const url of ['/', '/sign-in', '/api/v1/me', '/no-such-page']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.headers['strict-transport-security'], undefined, url);
      assert.doesNotMatch(
        String(response.headers['content-security-policy']),
        /upgrade-insecure-requests/,
        url,
      );
    }
  });
});
