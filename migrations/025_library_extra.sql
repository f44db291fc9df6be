-- When an import last made progress: an import still 'running' with no progress for 10 minutes was
-- left by a process that stopped, and is shown as interrupted.
ALTER TABLE library_imports ADD COLUMN progressed_at timestamptz NOT NULL DEFAULT now();

-- Title matches are ranked first even when a common word matches thousands of reviews: this index
-- finds them without reading every review's whole vector.
CREATE INDEX library_reviews_title_search_idx ON library_reviews USING gin (to_tsvector('english', title));
