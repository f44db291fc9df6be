import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';

/** Words that match none of the searches below, about `chars` characters of them. */
const filler = (chars: number) => 'abcd '.repeat(Math.ceil(chars / 5)).slice(0, chars);

describe('library search: phrases and passages (migration 035)', () => {
  let t: TestContext;
  let manager: Actor;
  let search: (q: string) => Promise<{ total: number; items: { id: string; snippet: string }[] }>;
  const ids: Record<string, string> = {};
  const add = async (key: string, text: string) => {
    ids[key] = (
      await t.services.library.addFromText(manager, { title: `Review ${key}`, area: 'Harbury', text })
    ).id;
  };
  const found = async (q: string) =>
    (await search(q)).items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id)).sort();

  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    const reader = await createActor(t.db, 'practitioner');
    // The phrase deep in the text, in the third passage or later.
    await add('deep', `${filler(4000)} the family were given safer sleep advice. ${filler(2000)}`);
    // Both words, never side by side.
    await add('apart', `Sleep was disturbed. ${filler(3000)} A safer cot was bought.`);
    // The phrase across the first boundary: "safer" ends at 1,500 and "sleep" starts at 1,502.
    await add('straddle', `${filler(1495)}safer sleep ${filler(3000)}`);
    // The phrase in one passage, another word of the query only in a passage far from it.
    await add(
      'spread',
      `The mother was on a methadone programme. ${filler(5000)} safer sleep was discussed.`,
    );
    await add('hyphen', `${filler(3500)} The parents said co-sleeping happened rarely.`);
    await add('hyphenApart', `${filler(100)} co ${filler(3000)} sleeping`);
    const api = await signInAsApi(t.app, reader.email, TEST_PASSWORD);
    search = async (q) => (await api.get(`/api/v1/library/search?q=${encodeURIComponent(q)}`)).json();
  });
  after(() => t.close());

  it('splits a text into passages of whole words that cover it in order and overlap', async () => {
    // Numbered words, so each can be told apart; odd spacing and a 150-character word.
    const words = Array.from({ length: 1200 }, (_, i) => (i === 300 ? 'x'.repeat(150) : `w${i}`));
    const text = words.map((w, i) => (i % 50 === 49 ? `${w}\n\n` : i % 7 ? `${w} ` : `${w}   `)).join('');
    const passages = (
      await t.db.query<{ ordinal: number; content: string }>(
        'SELECT ordinal, content FROM library_passages_of($1) ORDER BY ordinal',
        [text],
      )
    ).map((p) => p.content.split(' '));
    assert.ok(passages.length >= 4);
    const own: string[] = [];
    for (const [i, passage] of passages.entries()) {
      const next = passages[i + 1];
      // The overlap: the next passage's opening words, repeated at the end of this one.
      const overlap = next ? passage.filter((w) => next.includes(w)) : [];
      assert.deepEqual(overlap, next?.slice(0, overlap.length) ?? []);
      if (next) assert.ok(overlap.join(' ').length >= 190, `passage ${i + 1} hardly reaches into the next`);
      const mine = passage.slice(0, passage.length - overlap.length);
      if (next) assert.ok(Math.abs(mine.join(' ').length - 1500) < 160, `passage ${i + 1} is far from 1,500`);
      own.push(...mine);
    }
    // Without their overlaps, the passages are the text's words, in order, each once.
    assert.deepEqual(own, words);
    // A text with no space at all (a pasted code, say) is one passage, not cut inside the word.
    const [one] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_passages_of($1)', [
      'y'.repeat(5000),
    ]);
    assert.equal(one!.n, 1);
  });

  it('finds a phrase anywhere in the text, not its words apart, and shows it in the snippet', async () => {
    assert.deepEqual(await found('"safer sleep"'), ['deep', 'spread', 'straddle']);
    assert.deepEqual(await found('safer sleep'), ['apart', 'deep', 'spread', 'straddle']);
    const deep = (await search('"safer sleep"')).items.find((i) => i.id === ids.deep)!;
    assert.match(deep.snippet, /given safer sleep advice/);
  });

  it('finds a phrase that crosses from one passage to the next', async () => {
    const [second] = await t.db.query<{ content: string }>(
      'SELECT content FROM library_passages WHERE library_review_id = $1 AND ordinal = 2',
      [ids.straddle],
    );
    // The set-up: the boundary falls between the two words.
    assert.match(second!.content, /^sleep /);
    const straddle = (await search('"safer sleep"')).items.find((i) => i.id === ids.straddle);
    assert.ok(straddle);
    assert.match(straddle.snippet, /safer sleep/);
  });

  it('finds a phrase with another word that only occurs in a different passage', async () => {
    assert.deepEqual(await found('"safer sleep" methadone'), ['spread']);
  });

  it('leaves out a review with a word the query excludes, and keeps "or"', async () => {
    assert.deepEqual(await found('"safer sleep" -methadone'), ['deep', 'straddle']);
    assert.deepEqual(await found('"safer sleep" or co-sleeping'), ['deep', 'hyphen', 'spread', 'straddle']);
  });

  it('reads a hyphenated word as the phrase PostgreSQL makes of it', async () => {
    assert.deepEqual(await found('co-sleeping'), ['hyphen']);
    const hyphen = (await search('co-sleeping')).items[0]!;
    assert.match(hyphen.snippet, /co-sleeping happened rarely/);
  });

  it('finds a phrase after a word’s first 256 places, which the whole-text vector forgets', async () => {
    // A text vector keeps at most 256 places for each word: the "safer" beside "sleep" here is the 301st.
    await add('repeated', `${'safer '.repeat(300)}sleep`);
    const [whole] = await t.db.query<{ matches: boolean }>(
      `SELECT search_vector @@ websearch_to_tsquery('english', '"safer sleep"') AS matches
         FROM library_reviews WHERE id = $1`,
      [ids.repeated],
    );
    assert.equal(whole!.matches, false);
    assert.ok((await found('"safer sleep"')).includes('repeated'));
    await t.db.query('DELETE FROM library_reviews WHERE id = $1', [ids.repeated]);
    delete ids.repeated;
  });

  it('makes the snippet from the passage holding the phrase, not the first place one of its words occurs', async () => {
    await add('poor', `${filler(2500)} sleep was poor ${filler(3000)} then safer sleep advice was given`);
    const poor = (await search('"safer sleep"')).items.find((i) => i.id === ids.poor)!;
    assert.match(poor.snippet, /safer sleep advice/);
    assert.doesNotMatch(poor.snippet, /sleep was poor/);
    await t.db.query('DELETE FROM library_reviews WHERE id = $1', [ids.poor]);
    delete ids.poor;
  });

  it('does not trust a passage of a text holding a tag, which the whole text skips', async () => {
    // The parser skips "<note safer>" whole; the second passage starts inside it, at "safer>sleep".
    await add('tag', `safer ${filler(1490)}ab <note safer>sleep in cot`);
    const [second] = await t.db.query<{ content: string; confirms: boolean }>(
      'SELECT content, confirms FROM library_passages WHERE library_review_id = $1 AND ordinal = 2',
      [ids.tag],
    );
    assert.match(second!.content, /^safer>sleep/);
    assert.equal(second!.confirms, false);
    assert.ok(!(await found('"safer sleep"')).includes('tag'));
    await t.db.query('DELETE FROM library_reviews WHERE id = $1', [ids.tag]);
    delete ids.tag;
  });

  it('loosens a query by making each "followed by" an "and", unless it has a "not"', async () => {
    const loose = async (q: string) =>
      (
        await t.db.query<{ loose: string | null }>(
          `SELECT library_loose_query(websearch_to_tsquery('english', $1))::text AS loose`,
          [q],
        )
      )[0]!.loose;
    assert.equal(await loose('"safer sleep"'), `'safer' & 'sleep'`);
    assert.equal(await loose('co-sleeping alcohol'), `'co-sleep' & 'co' & 'sleep' & 'alcohol'`);
    assert.equal(await loose('"safer sleep" or "bed sharing"'), `'safer' & 'sleep' | 'bed' & 'share'`);
    assert.equal(await loose(`"the mother's partner"`), `'mother' & 'partner'`);
    assert.equal(await loose('"safer sleep" -alcohol'), null);
    assert.equal(await loose('alcohol methadone'), null);
  });

  it('keeps the passages in step when the text changes or the review goes', async () => {
    await t.db.query(`UPDATE library_reviews SET body = $2 WHERE id = $1`, [
      ids.deep,
      `${filler(3000)} safer bedding and sleep ${filler(100)}`,
    ]);
    assert.deepEqual(await found('"safer sleep"'), ['spread', 'straddle']);
    const [{ passages }] = (await t.db.query<{ passages: number }>(
      'SELECT count(*)::int AS passages FROM library_passages WHERE library_review_id = $1',
      [ids.deep],
    )) as [{ passages: number }];
    assert.equal(passages, 3);
    await t.db.query('DELETE FROM library_reviews WHERE id = $1', [ids.deep]);
    const left = await t.db.query('SELECT 1 FROM library_passages WHERE library_review_id = $1', [ids.deep]);
    assert.equal(left.length, 0);
  });
});
