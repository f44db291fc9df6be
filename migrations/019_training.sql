-- The training programme: courses built from case scenarios, rolling sessions, bookings with a
-- waiting list, attendance, feedback. Coverage and certificates are computed from these.

CREATE TABLE courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  summary text NOT NULL DEFAULT '',
  audience text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A case scenario, numbered within its course, drawn from a review of this partnership.
-- library_review_id: a review from the library of other areas' reviews (issue 7). No foreign key
-- yet because that table does not exist; the library module adds it.
CREATE TABLE course_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  number integer NOT NULL,
  title text NOT NULL,
  scenario text NOT NULL,
  questions text[] NOT NULL DEFAULT '{}',
  review_id uuid REFERENCES reviews(id) ON DELETE SET NULL,
  library_review_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (course_id, number)
);
CREATE INDEX course_scenarios_review_idx ON course_scenarios (review_id);

CREATE TABLE course_scenario_learning_points (
  scenario_id uuid NOT NULL REFERENCES course_scenarios(id) ON DELETE CASCADE,
  learning_point_id uuid NOT NULL REFERENCES review_points(id) ON DELETE CASCADE,
  PRIMARY KEY (scenario_id, learning_point_id)
);
CREATE INDEX course_scenario_learning_points_point_idx ON course_scenario_learning_points (learning_point_id);

CREATE TABLE training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  session_date date NOT NULL,
  start_time time NOT NULL,
  end_time time NOT NULL,
  mode text NOT NULL CHECK (mode IN ('in-person', 'online')),
  venue text NOT NULL DEFAULT '',
  online_link text NOT NULL DEFAULT '',
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  facilitator text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time)
);
CREATE INDEX training_sessions_course_idx ON training_sessions (course_id, session_date);

-- One person's place on a session, or their place in the queue for one. organisation_id is the
-- person's organisation when they booked, so attendance by organisation stays put if they move.
CREATE TABLE training_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  booked_by uuid NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  promoted_at timestamptz,
  cancelled_at timestamptz,
  attendance text CHECK (attendance IN ('attended', 'did-not-attend')),
  attendance_recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX training_bookings_live_idx ON training_bookings (session_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX training_bookings_user_idx ON training_bookings (user_id);
CREATE INDEX training_bookings_org_idx ON training_bookings (organisation_id) WHERE attendance = 'attended';

CREATE TABLE training_feedback (
  booking_id uuid PRIMARY KEY REFERENCES training_bookings(id) ON DELETE CASCADE,
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comments text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
