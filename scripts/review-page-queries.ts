/**
 * `node --import tsx scripts/review-page-queries.ts`: how many SQL statements one view of each of
 * the demo's review pages sends, for each demo user who may see it. Builds the real app on the demo
 * partnership in an in-memory embedded database and counts every statement the app sends.
 * With SHOW_QUERIES=1 it prints each statement's first line too.
 */
import { buildApp } from '../src/app.ts';
import { createServices, sessionSecretFor } from '../src/composition.ts';
import { DEMO_USERS } from '../src/demo/demo-partnership.ts';
import { seedDemo } from '../src/demo/index.ts';
import { migrate } from '../src/platform/db/index.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { countQueries } from '../test/query-count.ts';
import { signInAsBrowser, testConfig } from '../test/test-app.ts';

const PASSWORD = 'review-page-queries';
const raw = await openPglite(undefined);
await migrate(raw);
await seedDemo(raw, PASSWORD);
const counter = countQueries(raw);
const config = testConfig();
const services = createServices(counter.db, config);
const app = await buildApp({ config, services, sessionSecret: await sessionSecretFor(raw, config) });
await app.ready();
try {
  const reviews = await raw.query<{ id: string; subjectRef: string; recommendations: number }>(
    `SELECT r.id, r.subject_ref AS "subjectRef", (SELECT count(*)::int FROM recommendations rc WHERE rc.review_id = r.id) AS recommendations
       FROM reviews r ORDER BY r.created_at, r.id`,
  );
  console.log('| user | review | recommendations | queries per view |\n|---|---|---:|---:|');
  for (const user of DEMO_USERS) {
    const browser = await signInAsBrowser(app, user.email, PASSWORD);
    for (const review of reviews) {
      await browser.get(`/reviews/${review.id}`); // a first view, so nothing cached counts
      counter.reset();
      const page = await browser.get(`/reviews/${review.id}`);
      if (page.statusCode !== 200) continue;
      console.log(
        `| ${user.email} | ${review.subjectRef} | ${review.recommendations} | ${counter.statements.length} |`,
      );
      if (process.env.SHOW_QUERIES)
        for (const sql of counter.statements)
          console.log(`    ${sql.trim().replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
} finally {
  await app.close();
  await raw.close();
}
