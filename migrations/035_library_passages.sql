-- Library search: each review's text is also held as passages of about 1,500 characters, each with
-- its own small text vector (BENCHMARKS.md, "Library search"). They make two things cheap that read
-- the whole review before:
--  * a phrase ("safer sleep"): PostgreSQL's index finds the reviews holding both words, but then had
--    to read back each one's whole search_vector (about 60 KB) to check the words are side by side.
--    Now the reviews with both words are found by the index without that check, and a review is
--    confirmed by a passage holding the phrase; only a review where no passage does (the words
--    of the query spread over passages) is checked against its whole vector, as before.
--  * the snippet of a review whose words are not in its opening: it is made from the first passage
--    that matches, instead of scanning the whole text for the words.
-- Each passage also holds the first 200 or so characters of the next, so a phrase that crosses from
-- one to the next is still found in one passage. Passages start and end between words.

CREATE TABLE library_passages (
  library_review_id uuid NOT NULL REFERENCES library_reviews(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  -- The passage's words, the overlap with the next passage included, one space between words. A
  -- copy: taking it out of the whole body would read the body back from TOAST to reach it.
  content text NOT NULL,
  vector tsvector NOT NULL,
  -- Whether the passage holding the query proves the whole text does. Not when the text holds a "<":
  -- the parser skips a tag such as <note safer> whole, spaces and all, and a passage that starts
  -- inside one would index words the whole text does not. Such a review is checked the old way.
  confirms boolean NOT NULL,
  PRIMARY KEY (library_review_id, ordinal)
);
-- Kept in the row (a few KB; the text compressed): read from the page, not fetched from TOAST.
ALTER TABLE library_passages ALTER COLUMN vector SET STORAGE MAIN, ALTER COLUMN content SET STORAGE MAIN;

-- The passages of a text, in order. Only the first 900,000 characters are indexed, as for
-- search_vector. A word goes to the passage of the 1,500 characters its start falls in (counting one
-- space between words), so passages start and end between words; a word in the first 200
-- characters of a passage is also put at the end of the one before. In one pass over the words:
-- cutting the text with substr() at each boundary counts characters from the start each time, which
-- took 3.5 s for a 900 KB report (this takes 0.3 s; the same 13 ms for a 50 KB one).
CREATE FUNCTION library_passages_of(body text) RETURNS TABLE (ordinal integer, content text)
LANGUAGE sql IMMUTABLE STRICT AS $$
  WITH words AS (
    SELECT w, n, sum(char_length(w) + 1) OVER (ORDER BY n) - char_length(w) - 1 AS at
      FROM regexp_split_to_table(left(body, 900000), '\s+') WITH ORDINALITY AS t(w, n)
     WHERE w <> ''),
  placed AS (SELECT w, n, at, dense_rank() OVER (ORDER BY at / 1500) AS p FROM words),
  headed AS (SELECT w, n, p, at - min(at) OVER (PARTITION BY p) AS into_passage FROM placed)
  SELECT p::integer, string_agg(w, ' ' ORDER BY n)
    FROM (SELECT w, n, p FROM headed
          UNION ALL
          SELECT w, n, p - 1 FROM headed WHERE p > 1 AND into_passage < 200) x
   GROUP BY p
   ORDER BY p
$$;

CREATE FUNCTION library_passages_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM library_passages WHERE library_review_id = NEW.id;
  INSERT INTO library_passages (library_review_id, ordinal, content, vector, confirms)
  SELECT NEW.id, x.ordinal, x.content, to_tsvector('english', x.content), strpos(NEW.body, '<') = 0
    FROM library_passages_of(NEW.body) x;
  RETURN NULL;
END $$;

CREATE TRIGGER library_passages_refresh AFTER INSERT OR UPDATE OF body ON library_reviews
  FOR EACH ROW EXECUTE FUNCTION library_passages_refresh();

-- The passages of the reviews already held (about 25 ms a 50 KB review), then their index.
INSERT INTO library_passages (library_review_id, ordinal, content, vector, confirms)
SELECT r.id, x.ordinal, x.content, to_tsvector('english', x.content), strpos(r.body, '<') = 0
  FROM library_reviews r, LATERAL library_passages_of(r.body) x;
CREATE INDEX library_passages_vector_idx ON library_passages USING gin (vector);

-- The query with every "followed by" (<->, <N>) made "and": it matches every review the query matches,
-- and the index answers it without reading any review's vector. Null when the query has a "not" (a
-- "not" of a phrase made looser would match fewer reviews) or no phrase (nothing to loosen).
CREATE FUNCTION library_loose_query(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN bool_or(t ~ '^<') AND NOT bool_or(t ~ '^!') THEN
           string_agg(CASE WHEN t ~ '^<' THEN ' & ' ELSE t END, '' ORDER BY n)::tsquery END
    FROM regexp_matches(query::text, '''(?:[^'']|'''')*''|<(?:-|[0-9]+)>|!|[^''<!]+', 'g') WITH ORDINALITY AS m(parts, n),
         LATERAL (SELECT parts[1] AS t) x
$$;
