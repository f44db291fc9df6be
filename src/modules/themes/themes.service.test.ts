import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { createActor } from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { CO_SLEEPING_REVIEW, insertLibraryReview, NEGLECT_REVIEW } from './themes.test-support.ts';

const pathOf = (err: unknown) => (err as ValidationFailed).fields.map((f) => f.path);

describe('themes service', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  let lead: Actor;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await createActor(db, 'business-unit');
    lead = await createActor(db, 'organisation-lead');
  });
  after(() => db.close());

  const themesOf = async (id: string) => {
    const view = await services.themes.reviewThemes(lead, id);
    return {
      suggested: view.suggested.map((t) => t.code).sort(),
      confirmed: view.confirmed.map((t) => t.code).sort(),
      rejected: view.rejected.map((t) => t.code).sort(),
    };
  };

  it('suggests themes with their passages from the seeded taxonomy', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby T', body: CO_SLEEPING_REVIEW, year: 2022 });
    assert.ok((await services.themes.suggestThemes(id)) >= 3);
    const view = await services.themes.reviewThemes(lead, id);
    const codes = view.suggested.map((t) => t.code);
    for (const code of ['unsafe-sleep', 'parental-alcohol', 'fathers-male-carers'])
      assert.ok(codes.includes(code), `${code} suggested`);
    assert.ok(!codes.includes('housing'));
    const sleep = view.suggested.find((t) => t.code === 'unsafe-sleep')!;
    assert.equal(sleep.name, 'Unsafe sleep and co-sleeping');
    assert.ok(sleep.passages.length >= 2 && sleep.passages.length <= 3);
    for (const p of sleep.passages) assert.equal(p.text, CO_SLEEPING_REVIEW.slice(p.start, p.end));
  });

  it('does not read "partner agencies" as a theme about fathers', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Child M', body: NEGLECT_REVIEW, year: 2021 });
    await services.themes.suggestThemes(id);
    const { suggested } = await themesOf(id);
    assert.ok(suggested.includes('neglect'));
    assert.ok(suggested.includes('housing'));
    assert.ok(!suggested.includes('fathers-male-carers'));
  });

  it('never overwrites a person’s decision when suggesting again', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby U', body: CO_SLEEPING_REVIEW, year: 2023 });
    await services.themes.suggestThemes(id);
    await services.themes.decide(manager, id, { theme: 'unsafe-sleep', decision: 'confirmed' });
    await services.themes.decide(manager, id, { theme: 'fathers-male-carers', decision: 'rejected' });
    await services.themes.suggestThemes(id);
    const after = await themesOf(id);
    assert.deepEqual(after.confirmed, ['unsafe-sleep']);
    assert.deepEqual(after.rejected, ['fathers-male-carers']);
    assert.ok(after.suggested.includes('parental-alcohol'));
    assert.ok(!after.suggested.includes('unsafe-sleep'));
  });

  it('records who decided, and audits each decision', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby V', body: CO_SLEEPING_REVIEW, year: 2023 });
    await services.themes.suggestThemes(id);
    const decided = await services.themes.decide(manager, id, {
      theme: 'parental-alcohol',
      decision: 'confirmed',
    });
    assert.equal(decided.status, 'confirmed');
    assert.equal(decided.decidedByName, manager.name);
    assert.ok(decided.passages.length > 0, 'the passages stay with the confirmed theme');
    const audit = await db.query<{ event: string; after: { theme: string; status: string } }>(
      `SELECT event, after FROM audit_events WHERE subject_type = 'library-review' AND subject_id = $1 ORDER BY id`,
      [id],
    );
    assert.deepEqual(
      audit.map((a) => a.event),
      ['library.themes-suggested', 'library.theme-decided'],
    );
    assert.deepEqual(audit[1]!.after, { theme: 'parental-alcohol', status: 'confirmed' });
  });

  it('lets a person add a theme that was not suggested, confirmed at once', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby W', body: CO_SLEEPING_REVIEW });
    await services.themes.suggestThemes(id);
    await services.themes.decide(manager, id, { theme: 'bereavement', decision: 'confirmed' });
    const view = await services.themes.reviewThemes(lead, id);
    const added = view.confirmed.find((t) => t.code === 'bereavement');
    assert.deepEqual(added?.passages, []);
    assert.ok(!view.addable.some((t) => t.code === 'bereavement'));
  });

  it('lets only the business unit decide, and refuses unknown themes and reviews', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby X', body: CO_SLEEPING_REVIEW });
    await assert.rejects(
      services.themes.decide(lead, id, { theme: 'unsafe-sleep', decision: 'confirmed' }),
      Forbidden,
    );
    await assert.rejects(
      services.themes.decide(manager, id, { theme: 'no-such-theme', decision: 'confirmed' }),
      (err) => err instanceof ValidationFailed && pathOf(err).includes('theme'),
    );
    await assert.rejects(
      services.themes.decide(manager, id, { theme: 'unsafe-sleep', decision: 'maybe' }),
      (err) => err instanceof ValidationFailed && pathOf(err).includes('decision'),
    );
    await assert.rejects(
      services.themes.decide(manager, '7d1c2f00-0000-4000-8000-000000000000', {
        theme: 'unsafe-sleep',
        decision: 'confirmed',
      }),
      NotFound,
    );
    await assert.rejects(services.themes.reviewThemes(lead, 'not-an-id'), NotFound);
  });

  it('suggests for every review that has no themes yet, and leaves the others alone', async () => {
    const a = await insertLibraryReview(db, { title: 'Baby Y', body: CO_SLEEPING_REVIEW });
    const b = await insertLibraryReview(db, { title: 'Child Z', body: NEGLECT_REVIEW });
    await services.themes.decide(manager, b.id, { theme: 'bereavement', decision: 'confirmed' });
    const result = await services.themes.suggestMissing();
    assert.ok(result.reviews >= 1);
    assert.ok((await themesOf(a.id)).suggested.includes('unsafe-sleep'));
    assert.deepEqual((await themesOf(b.id)).suggested, [], 'a review with a decision is not re-suggested');
  });

  describe('taxonomy', () => {
    it('adds a theme with keywords one per line, and refuses a name already used', async () => {
      const theme = await services.themes.addTheme(manager, {
        name: 'Online harm',
        description: 'Harm through phones and the internet.',
        keywords: 'online\nsocial media\n\n social media \ngrooming',
      });
      assert.equal(theme.code, 'online-harm');
      assert.deepEqual(theme.keywords, ['online', 'social media', 'grooming']);
      assert.equal(theme.active, true);
      await assert.rejects(
        services.themes.addTheme(manager, { name: 'online harm' }),
        (err) => err instanceof ValidationFailed && pathOf(err).includes('name'),
      );
      await assert.rejects(services.themes.addTheme(lead, { name: 'Something' }), Forbidden);
    });

    it('renames and deactivates with the version read, and refuses a stale version', async () => {
      const before = await services.themes.theme(manager, 'housing');
      const changed = await services.themes.changeTheme(manager, 'housing', {
        name: 'Housing and homelessness',
        keywords: [...before.keywords, 'sofa surfing'],
        version: before.version,
      });
      assert.equal(changed.name, 'Housing and homelessness');
      assert.equal(changed.version, before.version + 1);
      assert.ok(changed.keywords.includes('sofa surfing'));
      await assert.rejects(
        services.themes.changeTheme(manager, 'housing', { name: 'Housing', version: before.version }),
        Conflict,
      );
      const off = await services.themes.changeTheme(manager, 'housing', {
        name: changed.name,
        active: false,
        version: changed.version,
      });
      assert.equal(off.active, false);
      const { id } = await insertLibraryReview(db, { title: 'Child H', body: NEGLECT_REVIEW });
      await services.themes.suggestThemes(id);
      assert.ok(!(await themesOf(id)).suggested.includes('housing'), 'an inactive theme is not suggested');
      await assert.rejects(
        services.themes.decide(manager, id, { theme: 'housing', decision: 'confirmed' }),
        ValidationFailed,
      );
      await services.themes.changeTheme(manager, 'housing', {
        name: 'Housing',
        active: true,
        version: off.version,
      });
    });
  });
});

describe('theme analysis', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await createActor(db, 'business-unit');
    const confirm = async (title: string, year: number | null, themes: string[], rejected: string[] = []) => {
      const { id } = await insertLibraryReview(db, { title, body: 'Text.', year });
      for (const theme of themes) await services.themes.decide(manager, id, { theme, decision: 'confirmed' });
      for (const theme of rejected)
        await services.themes.decide(manager, id, { theme, decision: 'rejected' });
    };
    await confirm('Review A', 2020, ['unsafe-sleep', 'parental-alcohol']);
    await confirm('Review B', 2021, ['unsafe-sleep', 'parental-alcohol', 'housing']);
    await confirm('Review C', 2021, ['unsafe-sleep'], ['parental-alcohol']);
    await confirm('Review D', null, ['neglect']);
    // Suggested but not confirmed: never counted.
    const { id } = await insertLibraryReview(db, { title: 'Review E', body: 'Text.', year: 2021 });
    await db.query(
      `INSERT INTO library_review_themes (library_review_id, theme_code, status) VALUES ($1, 'unsafe-sleep', 'suggested')`,
      [id],
    );
  });
  after(() => db.close());

  it('counts reviews per confirmed theme by year', async () => {
    const { byYear } = await services.themes.analysis(manager, {});
    const sleep = byYear.filter((c) => c.theme === 'unsafe-sleep');
    assert.deepEqual(sleep, [
      { theme: 'unsafe-sleep', year: 2020, reviews: 1 },
      { theme: 'unsafe-sleep', year: 2021, reviews: 2 },
    ]);
    assert.deepEqual(
      byYear.filter((c) => c.theme === 'neglect'),
      [{ theme: 'neglect', year: null, reviews: 1 }],
    );
  });

  it('counts reviews with both themes confirmed', async () => {
    const { coOccurrence } = await services.themes.analysis(manager, {});
    assert.deepEqual(
      coOccurrence.find((p) => p.theme === 'parental-alcohol' && p.with === 'unsafe-sleep'),
      { theme: 'parental-alcohol', with: 'unsafe-sleep', reviews: 2 },
    );
  });

  it('narrows by a year range, and refuses a range that ends before it starts', async () => {
    const { byYear, coOccurrence } = await services.themes.analysis(manager, {
      fromYear: '2021',
      toYear: '2021',
    });
    assert.deepEqual(
      byYear.filter((c) => c.theme === 'unsafe-sleep'),
      [{ theme: 'unsafe-sleep', year: 2021, reviews: 2 }],
    );
    assert.ok(!byYear.some((c) => c.theme === 'neglect'));
    assert.equal(coOccurrence.find((p) => p.theme === 'parental-alcohol')?.reviews, 1);
    await assert.rejects(
      services.themes.analysis(manager, { fromYear: '2022', toYear: '2020' }),
      (err) => err instanceof ValidationFailed && pathOf(err).includes('toYear'),
    );
  });

  it('lists the reviews behind a number', async () => {
    const both = await services.themes.reviewsBehind(manager, {
      theme: 'unsafe-sleep',
      with: 'parental-alcohol',
    });
    assert.deepEqual(
      both.reviews.map((r) => r.title),
      ['Review B', 'Review A'],
    );
    const inYear = await services.themes.reviewsBehind(manager, { theme: 'unsafe-sleep', year: '2021' });
    assert.deepEqual(inYear.reviews.map((r) => r.title).sort(), ['Review B', 'Review C']);
    const noYear = await services.themes.reviewsBehind(manager, { theme: 'neglect', year: 'unknown' });
    assert.deepEqual(
      noYear.reviews.map((r) => r.title),
      ['Review D'],
    );
    await assert.rejects(services.themes.reviewsBehind(manager, { theme: 'nothing' }), NotFound);
  });

  it('records who asked for suggestions again, with the suggester’s own event', async () => {
    const { id } = await insertLibraryReview(db, { title: 'Baby Q', body: CO_SLEEPING_REVIEW });
    const count = await services.themes.resuggest(manager, id);
    const audit = await db.query<{
      event: string;
      actor_user_id: string | null;
      details: { suggestions: number };
    }>(
      `SELECT event, actor_user_id, details FROM audit_events WHERE subject_type = 'library-review' AND subject_id = $1 ORDER BY id`,
      [id],
    );
    assert.deepEqual(
      audit.map((a) => a.event),
      ['library.themes-suggested', 'library.themes-resuggested'],
    );
    assert.equal(audit[1]!.actor_user_id, manager.id);
    assert.deepEqual(audit[1]!.details, { suggestions: count });
  });
});
