-- The action tracker and GET /api/v1/actions list newest first (created_at DESC, id) 20 at a time.
-- Without an index PostgreSQL sorted every action the caller may see for each page: with a national
-- deployment's 100,000 actions about 120 ms a page for the business unit, sorting on disk
-- (BENCHMARKS.md, national scale). With it, the first page reads 20 index entries.
CREATE INDEX actions_created_idx ON actions (created_at DESC, id);
