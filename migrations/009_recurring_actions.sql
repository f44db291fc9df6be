-- Recurring actions: an action can repeat (e.g. "re-audit safer-sleep records every 6 months").
-- Closing an occurrence creates the next one, linked back to it.
ALTER TABLE actions
  ADD COLUMN recurrence_months integer
    CONSTRAINT actions_recurrence_months_check CHECK (recurrence_months IN (1, 2, 3, 4, 6, 12)),
  -- Unique: an occurrence has at most one next occurrence, however often it is closed.
  ADD COLUMN previous_occurrence_id uuid
    CONSTRAINT actions_previous_occurrence_key UNIQUE
    REFERENCES actions(id) ON DELETE SET NULL;
