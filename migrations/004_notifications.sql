-- In-app notifications: every reminder, escalation and request lands in the recipient's inbox.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_inbox_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Which kinds of notification a user also wants by e-mail. No row: the kind's default (e-mail on).
CREATE TABLE notification_email_preferences (
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  email boolean NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- The outbox is the e-mail queue: a message is written in the same transaction as what caused it,
-- then delivered by a background job (GOV.UK Notify or SMTP when configured; otherwise it stays
-- here, unsent, for an admin to read).
ALTER TABLE outbox
  ADD COLUMN user_id uuid REFERENCES users(id),
  ADD COLUMN notification_id uuid REFERENCES notifications(id),
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN last_error text,
  ADD COLUMN transport text;
CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;
