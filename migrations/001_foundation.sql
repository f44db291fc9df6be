-- Lantern foundation: partnership, people who sign in, reviews, recommendations, actions, audit.

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

-- A random secret shared by every app instance (session cookies are signed with it), made once.
INSERT INTO settings (key, value)
VALUES ('session_secret', encode(sha256(gen_random_uuid()::text::bytea || clock_timestamp()::text::bytea), 'hex')
                       || encode(sha256(gen_random_uuid()::text::bytea), 'hex'));

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('local-authority', 'police', 'icb', 'nhs-trust', 'gp-practice', 'school', 'other')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('business-unit', 'organisation-lead', 'practitioner', 'reviewer', 'board-member')),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  job_title text,
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- Failed sign-ins are counted per e-mail address, whether or not an account exists, so the
-- lock-out message never reveals which addresses have accounts.
CREATE TABLE sign_in_throttle (
  email text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz,
  locked_until timestamptz
);

CREATE TABLE sessions (
  sid text PRIMARY KEY,
  data jsonb NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Only a hash of each bearer token is kept.
CREATE TABLE api_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type IN ('rapid-review', 'lcspr', 'scr', 'learning-review')),
  status text NOT NULL CHECK (status IN ('notified', 'rapid-review', 'decision', 'local-review', 'final-report', 'published', 'closed')),
  subject_ref text NOT NULL CHECK (char_length(subject_ref) BETWEEN 1 AND 20),
  age_band text CHECK (age_band IN ('unborn', 'under-1', '1-4', '5-10', '11-15', '16-17')),
  incident_date date NOT NULL,
  aware_date date NOT NULL,
  panel_notified_date date,
  lcspr_decision_date date,
  summary text NOT NULL DEFAULT '',
  conclusion text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_created_idx ON reviews (created_at DESC);

-- Independent reviewers (and any other user) assigned to lead a review.
CREATE TABLE review_reviewers (
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (review_id, user_id)
);

-- Findings, good practice and learning points: numbered within their review and kind.
CREATE TABLE review_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('finding', 'good-practice', 'learning-point')),
  number integer NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, kind, number)
);

CREATE TABLE recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  number integer NOT NULL,
  text text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, number)
);

CREATE TABLE recommendation_learning_points (
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  learning_point_id uuid NOT NULL REFERENCES review_points(id) ON DELETE CASCADE,
  PRIMARY KEY (recommendation_id, learning_point_id)
);

CREATE TABLE actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  owner_user_id uuid REFERENCES users(id),
  description text NOT NULL,
  due_date date NOT NULL,
  original_due_date date NOT NULL,
  status text NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'awaiting-evidence', 'closed')),
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actions_organisation_idx ON actions (organisation_id, status);
CREATE INDEX actions_recommendation_idx ON actions (recommendation_id);
CREATE INDEX actions_due_idx ON actions (due_date) WHERE status <> 'closed';

-- Dated progress notes and status changes on an action, newest last.
CREATE TABLE action_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  author_user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('progress', 'status-change', 'returned', 'due-date-change')),
  note text NOT NULL DEFAULT '',
  from_status text,
  to_status text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_updates_action_idx ON action_updates (action_id, created_at);

-- Append-only: who did what to which record, with before and after, in the change's transaction.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_label text NOT NULL,
  event text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  correlation_id text,
  before jsonb,
  after jsonb,
  details jsonb
);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
