-- Day one without the spreadsheet: evidence, slippage, assurance, oversight, review record,
-- accounts, imports.

-- Oversight: the ICB sees (read-only) the actions of the health organisations it commissions.
ALTER TABLE organisations ADD COLUMN commissioned_by uuid REFERENCES organisations(id);

-- More of the review record.
ALTER TABLE reviews
  ADD COLUMN immediate_actions text NOT NULL DEFAULT '',
  ADD COLUMN panel_response text CHECK (panel_response IN ('agreed', 'disagreed', 'national-review')),
  ADD COLUMN panel_response_date date,
  ADD COLUMN panel_response_note text NOT NULL DEFAULT '',
  ADD COLUMN publication_decision text CHECK (publication_decision IN ('publish', 'do-not-publish', 'defer')),
  ADD COLUMN publication_reason text NOT NULL DEFAULT '';

-- Recommendation assurance: all actions closed is not the same as learning embedded.
ALTER TABLE recommendations
  ADD COLUMN assurance_status text NOT NULL DEFAULT 'open'
    CHECK (assurance_status IN ('open', 'actions-complete', 'assured')),
  ADD COLUMN assurance_note text NOT NULL DEFAULT '',
  ADD COLUMN assured_by uuid REFERENCES users(id),
  ADD COLUMN assured_at timestamptz;

-- Slippage: each change of an action's due date, with its reason.
CREATE TABLE action_due_date_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  from_date date NOT NULL,
  to_date date NOT NULL,
  reason text NOT NULL,
  changed_by uuid REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_due_date_changes_action_idx ON action_due_date_changes (action_id, changed_at);

-- Evidence for an action: text and files, kept in the database so every app instance sees them.
-- Each item keeps its versions; the business unit accepts it (closing the action) or returns it.
CREATE TABLE evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
  review_note text NOT NULL DEFAULT '',
  reviewed_by uuid REFERENCES users(id),
  reviewed_at timestamptz,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX evidence_action_idx ON evidence (action_id, created_at);

CREATE TABLE evidence_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evidence_id uuid NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  version_number integer NOT NULL,
  text text NOT NULL DEFAULT '',
  file_name text,
  content_type text,
  size_bytes integer,
  sha256 text,
  content bytea,
  -- The date the evidence takes effect (e.g. when training was delivered), beside the upload date.
  effective_date date NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (evidence_id, version_number)
);

-- Accounts: invited users have no password until they set one through their link.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;

-- One-time links for invitations and password resets; only a hash of each is kept.
CREATE TABLE account_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'password-reset')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Messages Lantern sends. With no mail service configured they stay here for an admin to read.
CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

-- Spreadsheet imports of existing action plans: the upload, the mapping, progress and problems.
CREATE TABLE import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid NOT NULL REFERENCES users(id),
  file_name text NOT NULL,
  content bytea NOT NULL,
  mapping jsonb,
  status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'importing', 'done', 'failed')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  imported_rows integer NOT NULL DEFAULT 0,
  problems jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
