-- Idempotency keys on JSON API writes (the Idempotency-Key header, draft-ietf-httpapi-idempotency-key-header).
-- One row per key a principal has used on one method and path, holding the answer its first request got,
-- so a retry with the same key gets that answer again instead of writing twice. The row is written in the
-- same transaction as the request's own writes (src/platform/http/idempotency.ts), so a row exists exactly
-- when the write committed. Kept 24 hours, then purged by the idempotency-purge job.
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  headers jsonb NOT NULL,
  body bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (principal, method, path, key)
);

CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
