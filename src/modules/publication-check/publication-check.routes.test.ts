import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';

const TEXT = 'Child Q lived with Darren Hollis at 14 Elm Road, BV4 7QT. NHS number 999 526 0182.';

describe('publication check API and page', () => {
  let t: TestContext;
  let board: Actor;
  before(async () => {
    t = await buildTestApp();
    board = await createActor(t.db, 'board-member');
  });
  after(() => t.close());

  it('answers any signed-in user with the findings sorted by start, and audits the call without the text', async () => {
    const api = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    const response = await api.post('/api/v1/publication-check', { text: TEXT, allowed: ['Child Q'] });
    assert.equal(response.statusCode, 200);
    const { findings } = response.json() as {
      findings: { kind: string; text: string; start: number; end: number }[];
    };
    assert.deepEqual(
      findings.map((f) => [f.kind, f.text]),
      [
        ['name', 'Darren Hollis'],
        ['address', '14 Elm Road'],
        ['postcode', 'BV4 7QT'],
        ['nhs-number', '999 526 0182'],
      ],
    );
    for (const f of findings) assert.equal(TEXT.slice(f.start, f.end), f.text);
    const rows = await t.db.query<{ details: Record<string, unknown>; actor: string }>(
      `SELECT details, actor_user_id AS actor FROM audit_events WHERE event = 'publication-check.run'`,
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.details, { role: 'board-member', length: TEXT.length, findings: 4 });
    assert.equal(rows[0]!.actor, board.id);
    assert.doesNotMatch(JSON.stringify(rows), /Hollis/);
  });

  it('refuses a missing or too long text and a bad allowed list with 400 naming the field', async () => {
    const api = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    const missing = await api.post('/api/v1/publication-check', {});
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error, 'validation');
    assert.deepEqual(
      missing.json().fields.map((f: { path: string }) => f.path),
      ['text'],
    );
    const long = await api.post('/api/v1/publication-check', { text: 'a'.repeat(2_000_001) });
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().fields[0].path, 'text');
    const allowed = await api.post('/api/v1/publication-check', { text: 'x', allowed: [1] });
    assert.equal(allowed.statusCode, 400);
    assert.match(allowed.json().fields[0].path, /^allowed/);
    const notAString = await api.post('/api/v1/publication-check', { text: 42 });
    assert.equal(notAString.statusCode, 400);
  });

  it('accepts a text of 2,000,000 characters', async () => {
    const api = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    const text = `${'The review met. '.repeat(124_998)}Call 07700 900123`.padEnd(2_000_000, ' ');
    const response = await api.post('/api/v1/publication-check', { text });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json().findings.map((f: { kind: string }) => f.kind),
      ['phone'],
    );
  });

  it('is 401 when signed out', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/publication-check',
      payload: { text: TEXT },
    });
    assert.equal(response.statusCode, 401);
    const page = await t.app.inject({ method: 'GET', url: '/publication-check' });
    assert.equal(page.statusCode, 302);
  });

  it('shows each finding on the page in words, in context and escaped, and asks for text when empty', async () => {
    const page = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    const form = await page.get('/publication-check');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Check a report before publication/);
    const empty = await page.post('/publication-check', { text: '  ', allowed: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /There is a problem/);
    assert.match(empty.body, /href="#text">Enter the text to check/);
    const checked = await page.post('/publication-check', {
      text: `<script>alert(1)</script> ${TEXT}`,
      allowed: 'Child Q\nBrookvale',
    });
    assert.equal(checked.statusCode, 200);
    assert.match(checked.body, /4 things found/);
    assert.match(checked.body, /Name of a person/);
    assert.match(checked.body, /NHS number<\/td>/);
    assert.match(checked.body, /<mark>Darren Hollis<\/mark> at 14 Elm Road/);
    assert.match(checked.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(checked.body, /<script>alert/);
    const none = await page.post('/publication-check', { text: 'Child K was seen by the Named GP.' });
    assert.match(none.body, /Nothing found/);
  });
});
