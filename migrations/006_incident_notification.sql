-- The serious incident notification a local authority sends the Child Safeguarding Practice
-- Review Panel (within 5 working days of becoming aware), kept beside the review it started.
-- The dates of the incident, of awareness and of notifying the Panel stay on the review.
CREATE TABLE incident_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL UNIQUE REFERENCES reviews(id) ON DELETE CASCADE,
  incident_category text NOT NULL CHECK (incident_category IN (
    'sudden-unexpected-death-in-infancy', 'non-accidental-injury', 'neglect', 'sexual-abuse',
    'suicide', 'killed-by-parent-or-carer', 'extra-familial-harm', 'other')),
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  abuse_or_neglect text NOT NULL CHECK (abuse_or_neglect IN ('known', 'suspected', 'neither')),
  other_agencies text NOT NULL DEFAULT '',
  ofsted_notified_date date,
  submitted_by text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The Panel's form takes up to 4 children per incident, each by anonymised reference.
CREATE TABLE incident_notification_children (
  notification_id uuid NOT NULL REFERENCES incident_notifications(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 4),
  reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 20),
  age_band text NOT NULL CHECK (age_band IN ('unborn', 'under-1', '1-4', '5-10', '11-15', '16-17')),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'not-known')),
  ethnicity text NOT NULL CHECK (ethnicity IN ('white', 'mixed', 'asian', 'black', 'other', 'not-known')),
  outcome text NOT NULL CHECK (outcome IN ('died', 'seriously-harmed')),
  social_care text NOT NULL CHECK (social_care IN (
    'not-known', 'previously-known', 'child-in-need', 'child-protection-plan', 'looked-after')),
  PRIMARY KEY (notification_id, position)
);

-- Partner organisations involved with the child or family; others are named in other_agencies.
CREATE TABLE incident_notification_agencies (
  notification_id uuid NOT NULL REFERENCES incident_notifications(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (notification_id, organisation_id)
);
