-- Library search, cheaper per result (BENCHMARKS.md, "Library search"). `search_vector` and its GIN
-- index still decide which reviews match, so a word anywhere in the first 900,000 characters is found.
-- But ranking read each candidate's whole vector (about 60 KB for a 50 KB report) and the snippet read
-- the whole TOASTed text. These two small columns hold the opening of the text: candidates are ranked
-- on `lead_vector` (title as weight A, the first 2,000 characters as B) and the snippet is made from
-- `lead` whenever the query's words occur there. A review whose words occur only later still matches;
-- it ranks on its title alone (0 when the title does not match) and its snippet is found further in.
ALTER TABLE library_reviews
  ADD COLUMN lead text GENERATED ALWAYS AS (left(body, 2000)) STORED,
  ADD COLUMN lead_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', left(body, 2000)), 'B')
  ) STORED;
