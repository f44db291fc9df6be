-- Two-factor sign-in with an authenticator app (TOTP, RFC 6238). The secret must be readable to
-- check a code, so it is stored as it is, like the rest of the row only to the database's owner.
-- totp_last_step is the time step of the last code accepted: a code is never accepted twice.
ALTER TABLE users
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint,
  ADD CONSTRAINT users_totp_complete CHECK ((totp_secret IS NULL) = (totp_enabled_at IS NULL));

-- One-use codes for when the phone is lost; only their SHA-256 is kept.
CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
