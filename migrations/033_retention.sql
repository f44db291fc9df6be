-- Records retention (issue 8.3): reviews and family records are disposed of when their retention
-- period has passed, never silently. A nightly job lists what is due; a person in the business unit
-- confirms disposal or keeps the record with a reason and a date to look again.

-- The day a review was closed, which its retention period counts from. Kept by a trigger so every
-- way a review is closed (page, API, import) records it; reviews closed before this migration count
-- from their last change, the nearest date we have.
ALTER TABLE reviews ADD COLUMN closed_date date;
UPDATE reviews SET closed_date = (updated_at AT TIME ZONE 'Europe/London')::date WHERE status = 'closed';

CREATE FUNCTION reviews_set_closed_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'closed' THEN
    NEW.closed_date := coalesce(NEW.closed_date, (now() AT TIME ZONE 'Europe/London')::date);
  ELSE
    NEW.closed_date := NULL;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER reviews_closed_date BEFORE INSERT OR UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_set_closed_date();

-- `years` after `d`. Someone born on 29 February reaches an age on 1 March in a year without one,
-- and a record is never due a day early, so 29 February moves on to 1 March (PostgreSQL alone
-- would give 28 February).
CREATE FUNCTION retention_add_years(d date, n integer) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE
    WHEN extract(month FROM d) = 2 AND extract(day FROM d) = 29
      AND extract(day FROM (d + make_interval(years => n))) = 28
    THEN (d + make_interval(years => n))::date + 1
    ELSE (d + make_interval(years => n))::date
  END
$$;

-- What the nightly job found past its retention date. Rewritten by each run (idempotent).
CREATE TABLE retention_due (
  record_type text NOT NULL CHECK (record_type IN ('review', 'family')),
  record_id uuid NOT NULL,
  due_date date NOT NULL,
  -- Which rule set the date, in words for the page (no personal data).
  rule text NOT NULL,
  found_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_type, record_id)
);

-- "Keep for now": a person's reason and the date to look again; the record leaves the list until then.
CREATE TABLE retention_holds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  record_type text NOT NULL CHECK (record_type IN ('review', 'family')),
  record_id uuid NOT NULL,
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
  review_date date NOT NULL,
  held_by uuid NOT NULL REFERENCES users(id),
  held_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retention_holds_record_idx ON retention_holds (record_type, record_id, review_date DESC);

-- The tombstone of a disposed record: its id (which audit rows and old links still name), when and
-- by whom, and counts of what went. No names, dates or text (a family's due date would give away a
-- child's date of birth).
CREATE TABLE disposed_records (
  record_type text NOT NULL CHECK (record_type IN ('review', 'family')),
  record_id uuid NOT NULL,
  disposed_at timestamptz NOT NULL DEFAULT now(),
  disposed_by uuid REFERENCES users(id),
  counts jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (record_type, record_id)
);
