-- Information requests for a review: the business unit asks an organisation for its chronology or
-- a summary of its involvement, and the organisation's lead answers (text and files) in Lantern.
CREATE TABLE information_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  asks text[] NOT NULL
    CHECK (cardinality(asks) > 0 AND asks <@ ARRAY['chronology', 'involvement-summary', 'other']::text[]),
  note text NOT NULL DEFAULT '',
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'returned', 'withdrawn')),
  -- The organisation's answer: a draft until the return is sent, then fixed.
  answer text NOT NULL DEFAULT '',
  requested_by uuid NOT NULL REFERENCES users(id),
  sent_at timestamptz NOT NULL DEFAULT now(),
  returned_by uuid REFERENCES users(id),
  returned_at timestamptz,
  withdrawn_by uuid REFERENCES users(id),
  withdrawn_at timestamptz,
  withdrawn_reason text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1
);
-- One open request per organisation and review; a returned or withdrawn one may be followed by another.
CREATE UNIQUE INDEX information_requests_open_key ON information_requests (review_id, organisation_id)
  WHERE status = 'sent';
CREATE INDEX information_requests_organisation_idx ON information_requests (organisation_id, status);

-- Files sent with a return. Bytes live in the database, like evidence, so instances share them.
CREATE TABLE information_request_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES information_requests(id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX information_request_files_request_idx ON information_request_files (request_id, uploaded_at);
