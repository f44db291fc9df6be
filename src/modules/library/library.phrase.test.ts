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

  it('splits a text into passages that cover it, start and end between words, and overlap', async () => {
    // A 150-character word near a boundary: the boundary moves past it.
    const text = `${filler(1498)}\nnewline  two   spaces ${'x'.repeat(150)} tail ${filler(4000)}`;
    const spans = await t.db.query<{ ordinal: number; start_at: number; length: number }>(
      'SELECT ordinal, start_at, length FROM library_passage_spans($1) ORDER BY ordinal',
      [text],
    );
    assert.ok(spans.length >= 3);
    assert.equal(spans[0]!.start_at, 1);
    for (const [i, s] of spans.entries()) {
      assert.equal(s.ordinal, i + 1);
      const end = s.start_at + s.length - 1;
      // Starts at the beginning or just after a space; ends at the end or on a space.
      if (s.start_at > 1)
        assert.match(text[s.start_at - 2]!, /\s/, `passage ${s.ordinal} starts inside a word`);
      if (end < text.length) assert.match(text[end - 1]!, /\s/, `passage ${s.ordinal} ends inside a word`);
      const next = spans[i + 1];
      if (next) {
        assert.ok(next.start_at > s.start_at);
        // Each passage reaches at least 200 characters into the next, so a phrase across is found.
        assert.ok(end >= next.start_at + 199, `passage ${s.ordinal} does not overlap the next`);
      } else assert.equal(end, text.length);
    }
    // Taken without their overlaps, the passages are the text.
    const pieces = spans.map((s, i) =>
      text.slice(s.start_at - 1, (spans[i + 1]?.start_at ?? text.length + 1) - 1),
    );
    assert.equal(pieces.join(''), text);
    // A text with no space at all (a pasted code, say) is still cut, 200 characters past the size.
    const word = await t.db.query<{ start_at: number }>(
      'SELECT start_at FROM library_passage_spans($1) ORDER BY ordinal',
      ['y'.repeat(5000)],
    );
    assert.deepEqual(
      word.map((w) => w.start_at),
      [1, 1701, 3401],
    );
  });

  it('finds a phrase anywhere in the text, not its words apart, and shows it in the snippet', async () => {
    assert.deepEqual(await found('"safer sleep"'), ['deep', 'spread', 'straddle']);
    assert.deepEqual(await found('safer sleep'), ['apart', 'deep', 'spread', 'straddle']);
    const deep = (await search('"safer sleep"')).items.find((i) => i.id === ids.deep)!;
    assert.match(deep.snippet, /given safer sleep advice/);
  });

  it('finds a phrase that crosses from one passage to the next', async () => {
    const [second] = await t.db.query<{ start_at: number }>(
      'SELECT start_at FROM library_passages WHERE library_review_id = $1 AND ordinal = 2',
      [ids.straddle],
    );
    // The set-up: the boundary falls between the two words.
    assert.equal(second!.start_at, 1502);
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
