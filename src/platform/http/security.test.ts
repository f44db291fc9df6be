import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { registerSecurityHeaders } from './security.ts';

async function headersWith(tls: boolean) {
  const app = Fastify();
  await registerSecurityHeaders(app, tls);
  app.get('/', async () => 'ok');
  try {
    return (await app.inject({ method: 'GET', url: '/' })).headers;
  } finally {
    await app.close();
  }
}

describe('registerSecurityHeaders', () => {
  it('behind TLS, sends HSTS for a year with subdomains, and upgrade-insecure-requests', async () => {
    const headers = await headersWith(true);
    assert.equal(headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.match(String(headers['content-security-policy']), /(^|;)upgrade-insecure-requests(;|$)/);
  });

  it('without TLS, sends neither, since they would break a plain-HTTP host', async () => {
    const headers = await headersWith(false);
    assert.equal(headers['strict-transport-security'], undefined);
    assert.doesNotMatch(String(headers['content-security-policy']), /upgrade-insecure-requests/);
    assert.equal(headers['x-frame-options'], 'DENY');
  });
});
