-- The key that seals authenticator secrets when LANTERN_ENCRYPTION_KEY is not set (development and
-- tests only: production requires the variable). Made here, once, as 001 makes the session secret, so
-- the app only reads it, once. It used to be made on first use, inside whatever transaction was
-- running, which is why it had to be read again on every use. A key made that way is kept.
INSERT INTO settings (key, value)
VALUES ('development_encryption_key',
        encode(sha256(gen_random_uuid()::text::bytea || gen_random_uuid()::text::bytea
                      || clock_timestamp()::text::bytea), 'base64'))
ON CONFLICT (key) DO NOTHING;
