-- Training changes (issue 6): case scenarios can be changed (so they carry a version) and removed;
-- a whole session can be cancelled with a reason, and then takes no bookings and counts for no reach.
ALTER TABLE course_scenarios
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz;

ALTER TABLE training_sessions
  ADD COLUMN updated_at timestamptz,
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancelled_by uuid REFERENCES users(id),
  ADD COLUMN cancel_reason text NOT NULL DEFAULT '' CHECK (char_length(cancel_reason) <= 2000);
