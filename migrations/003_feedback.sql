-- Feedback about the service itself, from anyone (signed in or not), read by the business unit.
CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  text text NOT NULL,
  page text NOT NULL DEFAULT '',
  user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
