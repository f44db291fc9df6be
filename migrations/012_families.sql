-- Front-line records: families (the people around a baby or unborn baby), the organisations
-- involved with each person, record flags, and who may see them. Need-to-know: a person's record
-- is open to the organisations involved with them; anyone else must give a reason ("break glass").

CREATE TABLE families (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id uuid NOT NULL REFERENCES families(id),
  -- Their place in the family, as the record shows it.
  relationship text NOT NULL
    CHECK (relationship IN ('baby', 'mother', 'father-or-partner', 'carer', 'sibling', 'other')),
  nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
  given_name text NOT NULL CHECK (char_length(given_name) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (char_length(family_name) BETWEEN 1 AND 100),
  date_of_birth date,
  -- An unborn baby is known by the expected date of delivery until born.
  expected_delivery_date date,
  mother_id uuid REFERENCES people(id),
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_nhs_number_key ON people (nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX people_name_idx ON people (lower(family_name), lower(given_name), date_of_birth);
CREATE INDEX people_family_idx ON people (family_id);
CREATE INDEX people_mother_idx ON people (mother_id) WHERE mother_id IS NOT NULL;

-- The organisations involved with a person (the one that records them is involved from the start).
CREATE TABLE person_organisations (
  person_id uuid NOT NULL REFERENCES people(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  added_by uuid REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, organisation_id)
);
CREATE INDEX person_organisations_org_idx ON person_organisations (organisation_id);

-- The business unit and board see no family record unless given this explicitly.
ALTER TABLE users ADD COLUMN family_records_access boolean NOT NULL DEFAULT false;

-- "Break glass": someone not involved opened a record, giving a reason. Open for a limited time.
CREATE TABLE record_access_grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  person_id uuid NOT NULL REFERENCES people(id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX record_access_grants_user_idx ON record_access_grants (user_id, person_id, expires_at);

-- Kinds of flag an area uses: what each means and what a professional should do, who may raise
-- and end it, and how long it stays visible after it ends.
CREATE TABLE flag_types (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,40}$'),
  name text NOT NULL,
  symbol text NOT NULL,
  meaning text NOT NULL,
  guidance text NOT NULL,
  raise_roles text[] NOT NULL,
  end_roles text[] NOT NULL,
  visible_days_after_end integer NOT NULL DEFAULT 0 CHECK (visible_days_after_end BETWEEN 0 AND 3650),
  -- Shown also on the records of the person's unborn and newborn babies (a flag on the mother).
  show_on_babies boolean NOT NULL DEFAULT false,
  -- Raising it needs the family's consent recorded.
  needs_consent boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1
);

INSERT INTO flag_types (code, name, symbol, meaning, guidance, raise_roles, end_roles, visible_days_after_end, show_on_babies, needs_consent, sort_order) VALUES
  ('purple-butterfly', 'Purple butterfly', '🦋',
   'This family has had a previous neonatal loss or stillbirth.',
   'Acknowledge the loss and ask how they are. Do not ask them to repeat their story; check the record first. Expect anxiety in this pregnancy or with this baby, and include the father or partner and any siblings.',
   ARRAY['practitioner', 'organisation-lead'], ARRAY['practitioner', 'organisation-lead'], 0, true, true, 10),
  ('unborn-baby-network', 'Unborn Baby Network referral', 'UBN',
   'This unborn baby (or the mother) has an active referral to the Unborn Baby Network.',
   'Share any new concern with the network coordinator the same day. Assess both prospective parents, not only the mother.',
   ARRAY['practitioner', 'organisation-lead'], ARRAY['practitioner', 'organisation-lead'], 90, true, false, 20),
  ('safer-sleep-risk', 'Safer-sleep risk identified', 'SSR',
   'A safer-sleep assessment found a raised risk for this baby.',
   'Check where and how the baby sleeps at every contact, especially when routines change (visiting, holidays, illness, moving). Give the advice to every parent and carer present, and record who was advised.',
   ARRAY['practitioner', 'organisation-lead'], ARRAY['practitioner', 'organisation-lead'], 30, false, false, 30),
  ('child-protection-plan', 'Child protection plan', 'CP',
   'This child (or unborn baby) is subject to a child protection plan.',
   'Contact the allocated social worker or the children''s services duty team about any concern, and record that you did.',
   ARRAY['organisation-lead'], ARRAY['organisation-lead'], 365, true, false, 40);

CREATE TABLE flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  type_code text NOT NULL REFERENCES flag_types(code),
  note text NOT NULL DEFAULT '',
  -- For flag types that need it: the family agreed, recorded when it was raised.
  consent boolean,
  raised_by uuid NOT NULL REFERENCES users(id),
  raised_by_organisation uuid NOT NULL REFERENCES organisations(id),
  raised_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by uuid REFERENCES users(id),
  end_reason text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX flags_person_idx ON flags (person_id, raised_at DESC);
CREATE INDEX flags_active_idx ON flags (person_id) WHERE ended_at IS NULL;
-- One active flag of a type per person.
CREATE UNIQUE INDEX flags_one_active_key ON flags (person_id, type_code) WHERE ended_at IS NULL;
