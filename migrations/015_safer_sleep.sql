-- Safer-sleep assessments at antenatal and postnatal contacts, the contacts themselves (so the
-- partnership can measure how many contacts had an assessment), and the configurable risk factors.

-- Risk factors an assessment records, grouped as local frameworks do (policy: the business unit
-- adds, renames, regroups and retires them). Assessments keep the codes, so a rename carries over.
CREATE TABLE safer_sleep_factors (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,60}$'),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 200),
  factor_group text NOT NULL CHECK (factor_group IN ('predisposing', 'situational', 'family-vulnerability')),
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1
);

INSERT INTO safer_sleep_factors (code, text, factor_group, sort_order) VALUES
  ('premature', 'Premature birth (under 37 weeks)', 'predisposing', 10),
  ('low-birth-weight', 'Low birth weight (under 2.5 kg)', 'predisposing', 20),
  ('smoking', 'Smoking in pregnancy or in the home', 'predisposing', 30),
  ('not-on-back', 'Baby not placed on their back to sleep', 'predisposing', 40),
  ('bedding-overheating', 'Soft or loose bedding, covered head or overheating (room not 16–20 °C)', 'predisposing', 50),
  ('not-own-cot', 'Baby not in their own cot or Moses basket in the parents'' room for the first 6 months', 'predisposing', 60),
  ('co-sleeping', 'Co-sleeping or bed-sharing', 'situational', 110),
  ('sofa-armchair', 'Sleeping on a sofa or armchair with the baby', 'situational', 120),
  ('alcohol', 'Parent or carer has drunk alcohol', 'situational', 130),
  ('drugs-medication', 'Parent or carer has used drugs or sedating medication', 'situational', 140),
  ('very-tired', 'Parent or carer is very tired', 'situational', 150),
  ('domestic-abuse', 'Domestic abuse', 'family-vulnerability', 210),
  ('parental-mental-health', 'Parental mental health difficulties', 'family-vulnerability', 220),
  ('housing', 'Poor or overcrowded housing', 'family-vulnerability', 230),
  ('substance-misuse', 'Parental substance misuse', 'family-vulnerability', 240);

-- A contact with a family at which safer-sleep advice is expected. Recording an assessment
-- records its contact; other contacts are recorded on their own, so "contacts with an
-- assessment / all contacts" can be measured.
CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  practitioner_id uuid NOT NULL REFERENCES users(id),
  contact_date date NOT NULL,
  contact_type text NOT NULL CHECK (contact_type IN ('antenatal', 'new-birth', 'postnatal', 'other')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_person_idx ON contacts (person_id, contact_date DESC);
CREATE INDEX contacts_measure_idx ON contacts (contact_date, organisation_id);

CREATE TABLE safer_sleep_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  contact_id uuid NOT NULL UNIQUE REFERENCES contacts(id),
  factor_codes text[] NOT NULL DEFAULT '{}',
  advice text[] NOT NULL DEFAULT '{}',
  advice_other text NOT NULL DEFAULT '',
  out_of_routine text[] NOT NULL DEFAULT '{}',
  out_of_routine_notes text NOT NULL DEFAULT '',
  risk_level text NOT NULL CHECK (risk_level IN ('low', 'raised', 'high')),
  plan text NOT NULL CHECK (char_length(plan) BETWEEN 1 AND 4000),
  -- The safer-sleep-risk flag this assessment raised, if it did.
  flag_id uuid REFERENCES flags(id),
  recorded_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX safer_sleep_assessments_person_idx ON safer_sleep_assessments (person_id, created_at DESC);

-- Each person present or advised, recorded separately (fathers and partners are easily missed):
-- a family member on record, or someone else by name.
CREATE TABLE safer_sleep_assessment_people (
  assessment_id uuid NOT NULL REFERENCES safer_sleep_assessments(id),
  position integer NOT NULL,
  person_id uuid REFERENCES people(id),
  name text NOT NULL DEFAULT '',
  relationship text NOT NULL CHECK (relationship IN ('mother', 'father-or-partner', 'carer', 'sibling', 'other')),
  present boolean NOT NULL,
  advised boolean NOT NULL,
  PRIMARY KEY (assessment_id, position),
  CHECK (person_id IS NOT NULL OR char_length(name) BETWEEN 1 AND 200)
);

-- A recommendation linked to the practice measures that show whether it changed anything.
CREATE TABLE recommendation_measures (
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  measure_code text NOT NULL
    CHECK (measure_code IN ('safer-sleep-antenatal', 'safer-sleep-postnatal', 'safer-sleep-father-advised')),
  linked_by uuid REFERENCES users(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recommendation_id, measure_code)
);
