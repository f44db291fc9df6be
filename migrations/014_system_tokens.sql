-- API tokens issued to an organisation's system (not to a person), for the FHIR Flag API: other
-- clinical and care systems look up a person's active flags. As with users' tokens, only a hash
-- of each token is kept; the token itself is shown once, when it is created.
CREATE TABLE system_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Written at most once a minute, so a busy system does not queue on one row.
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id)
);
CREATE INDEX system_tokens_organisation_idx ON system_tokens (organisation_id, created_at DESC);
