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
-- Each passage's vector covers the passage and about 200 characters of the next, so a phrase that
-- crosses from one to the next is still found in one passage. Passages start and end between words.

CREATE TABLE library_passages (
  library_review_id uuid NOT NULL REFERENCES library_reviews(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  -- Where the passage starts in the review's body (1-based, in characters).
  start_at integer NOT NULL,
  -- The passage's text, the overlap with the next passage included. A copy: taking it out of the
  -- whole body would read the body back from TOAST and count characters up to the passage.
  content text NOT NULL,
  vector tsvector NOT NULL,
  PRIMARY KEY (library_review_id, ordinal)
);
-- Kept in the row (a few KB; the text compressed): read from the page, not fetched from TOAST.
ALTER TABLE library_passages ALTER COLUMN vector SET STORAGE MAIN, ALTER COLUMN content SET STORAGE MAIN;

-- Where the passages of a text start and how long each is. Only the first 900,000 characters are
-- indexed, as for search_vector. Every boundary is just after a space (or at most 200 characters
-- further on, for a text with no space there), so no passage starts or ends inside a word.
CREATE FUNCTION library_passage_spans(body text)
RETURNS TABLE (ordinal integer, start_at integer, length integer)
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  txt text := left(body, 900000);
  total integer := char_length(txt);
  pos integer := 1;
  n integer := 0;
  stop integer;
  reach integer;
BEGIN
  WHILE pos <= total LOOP
    stop := library_next_break(txt, pos + 1500, total);
    reach := library_next_break(txt, stop + 200, total);
    n := n + 1;
    ordinal := n;
    start_at := pos;
    length := reach - pos;
    RETURN NEXT;
    pos := stop;
  END LOOP;
END $$;

-- The position just after the first space at or after `at` (within 200 characters), else `at` + 200;
-- never past the end of the text.
CREATE FUNCTION library_next_break(txt text, at integer, total integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  gap integer;
BEGIN
  IF at > total THEN RETURN total + 1; END IF;
  gap := regexp_instr(substr(txt, at, 200), '\s');
  RETURN least(total + 1, CASE WHEN gap > 0 THEN at + gap ELSE at + 200 END);
END $$;

CREATE FUNCTION library_passages_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM library_passages WHERE library_review_id = NEW.id;
  INSERT INTO library_passages (library_review_id, ordinal, start_at, content, vector)
  SELECT NEW.id, s.ordinal, s.start_at, s.content, to_tsvector('english', s.content)
    FROM (SELECT x.ordinal, x.start_at, substr(NEW.body, x.start_at, x.length) AS content
            FROM library_passage_spans(NEW.body) x) s;
  RETURN NULL;
END $$;

CREATE TRIGGER library_passages_refresh AFTER INSERT OR UPDATE OF body ON library_reviews
  FOR EACH ROW EXECUTE FUNCTION library_passages_refresh();

-- The passages of the reviews already held (about 25 ms a 50 KB review), then their index.
INSERT INTO library_passages (library_review_id, ordinal, start_at, content, vector)
SELECT s.id, s.ordinal, s.start_at, s.content, to_tsvector('english', s.content)
  FROM (SELECT r.id, x.ordinal, x.start_at, substr(r.body, x.start_at, x.length) AS content
          FROM library_reviews r, LATERAL library_passage_spans(r.body) x) s;
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
