import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../../src/demo/index.ts';
import type { Queryable } from '../../src/platform/db/index.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../test-app.ts';
import { crawl } from './crawl.ts';

/**
 * Stored script, everywhere at once: the demo partnership is loaded, then a script payload is
 * appended to every text value in every table that will take it (a column whose rules refuse it is
 * left alone). Signed in as each kind of user, every page reachable by following links from the
 * dashboard is read: none may answer 5xx, and none may carry the payload unescaped. This also
 * proves that every page the demo reaches renders for each role. Each page with a query string is
 * read again with the payload in every parameter (reflected script).
 */

const PAYLOAD = '<script>xss()</script>';
const PASSWORD = 'stored-script-demo-password';
const MAX_PAGES = Number(process.env.CRAWL_PAGES ?? 500);
/** Columns that sign-in or the audit chain depends on, and the names the seed's own keys use. */
const LEFT_ALONE = new Set(['users.email', 'users.password_hash', 'sessions.sid', 'sessions.data']);

/** Appends the payload to every text column that accepts it; returns how many columns took it. */
async function poisonEveryTextColumn(db: Queryable): Promise<number> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying') AND c.is_generated = 'NEVER'
      ORDER BY 1, 2`,
  );
  let poisoned = 0;
  for (const { table_name: table, column_name: column } of columns) {
    if (LEFT_ALONE.has(`${table}.${column}`) || table.startsWith('audit_') || table.startsWith('pgboss'))
      continue;
    await db.query('SAVEPOINT poison');
    try {
      await db.query(`UPDATE "${table}" SET "${column}" = "${column}" || $1 WHERE "${column}" IS NOT NULL`, [
        PAYLOAD,
      ]);
      await db.query('RELEASE SAVEPOINT poison');
      poisoned++;
    } catch {
      // A check constraint, a key or a trigger refused it: that column cannot hold script.
      await db.query('ROLLBACK TO SAVEPOINT poison');
    }
  }
  return poisoned;
}

describe('stored and reflected script across the demo', () => {
  let t: TestContext;
  let poisoned = 0;

  before(async () => {
    t = await buildTestApp();
    await seedDemo(t.db, PASSWORD);
    poisoned = await t.db.transaction((tx) => poisonEveryTextColumn(tx));
  });
  after(() => t.close());

  for (const email of ['manager@demo.lantern.test', 'hv@demo.lantern.test', 'board@demo.lantern.test']) {
    it(`is never run on any page ${email.split('@')[0]} reaches, and no page fails`, async () => {
      assert.ok(poisoned > 100, `only ${poisoned} columns took the payload`);
      const browser = await signInAsBrowser(t.app, email, PASSWORD);
      const problems: string[] = [];
      let shownEscaped = 0;
      let reflectedTried = 0;
      const { read, left } = await crawl(browser.get, {
        maxPages: MAX_PAGES,
        async visit(url, response) {
          if (response.statusCode >= 500) problems.push(`${url}: ${response.statusCode}`);
          if (!String(response.headers['content-type']).startsWith('text/html')) return;
          if (response.body.includes(PAYLOAD)) problems.push(`${url}: the payload is in the page unescaped`);
          if (response.body.includes('&lt;script&gt;xss()&lt;/script&gt;')) shownEscaped++;
          // Reflected: every value in the query string (filters, pages, searches, return addresses) swapped for it.
          const [pathOnly, search] = url.split('?');
          if (!search) return;
          const params = new URLSearchParams(search);
          for (const key of new Set(params.keys())) params.set(key, PAYLOAD);
          const reflected = await browser.get(`${pathOnly}?${params}`);
          reflectedTried++;
          if (reflected.statusCode >= 500) problems.push(`${pathOnly}?${params}: ${reflected.statusCode}`);
          if (reflected.body.includes(PAYLOAD)) problems.push(`${pathOnly}?${params}: reflected unescaped`);
        },
      });
      assert.deepEqual(problems, []);
      assert.ok(read.length > 50, `only ${read.length} pages were reached`);
      assert.ok(reflectedTried >= 5, `only ${reflectedTried} query strings were tried`);
      assert.equal(left.length, 0, `${left.length} pages were left unread: raise CRAWL_PAGES`);
      assert.ok(shownEscaped > 5, `the payload was shown escaped on only ${shownEscaped} pages`);
    });
  }
});
