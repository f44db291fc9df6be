-- Publishing a review's report (issue 7, part 5): the final report and the press statement, kept
-- in versions, the publication check's findings on them, and what the business unit chose to
-- publish with the report (the learning briefing, the anonymised references the check allows).

CREATE TABLE publication_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  document text NOT NULL CHECK (document IN ('report', 'press-statement')),
  -- Every replacement or edit of the text is a new version; the highest is the current one.
  version integer NOT NULL,
  text text NOT NULL,
  -- The uploaded original, when the text came from a file (an edit on the page has none).
  file_name text,
  content_type text,
  content bytea,
  sha256 text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, document, version)
);

CREATE TABLE publication_settings (
  review_id uuid PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
  -- Anonymised references used in the report that the check must not report ("Mother", "Child Q").
  allowed jsonb NOT NULL DEFAULT '[]'::jsonb,
  briefing_id uuid REFERENCES briefings(id) ON DELETE SET NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A finding lives while its text is still in the document: an edit that removes it makes it
-- fixed; a person may accept one with a reason. Publication waits while any is open.
CREATE TABLE publication_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  document text NOT NULL CHECK (document IN ('report', 'press-statement')),
  -- The version the finding was last seen in (its offsets are into that version's text).
  document_id uuid NOT NULL REFERENCES publication_documents(id) ON DELETE CASCADE,
  kind text NOT NULL,
  text text NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  context_before text NOT NULL DEFAULT '',
  context_after text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'accepted')),
  reason text NOT NULL DEFAULT '',
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX publication_findings_review_idx ON publication_findings (review_id, document, status);
