-- The unborn baby pathway (the seed area's Unborn Baby Network) and bereavement records.
-- Milestone due dates are computed from the dates and the policy in force, never stored.

CREATE TABLE unborn_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The unborn baby's record (expected date of delivery, linked to the mother).
  person_id uuid NOT NULL REFERENCES people(id),
  referral_date date NOT NULL,
  -- Gestation at referral in days (computed from the expected date of delivery unless overridden).
  gestation_days integer NOT NULL CHECK (gestation_days BETWEEN 0 AND 308),
  gestation_overridden boolean NOT NULL DEFAULT false,
  concerns text[] NOT NULL DEFAULT '{}',
  concern_other text NOT NULL DEFAULT '',
  referrer_id uuid NOT NULL REFERENCES users(id),
  referring_organisation_id uuid NOT NULL REFERENCES organisations(id),
  -- Both prospective parents are assessed, not only the mother.
  father_or_partner text NOT NULL DEFAULT '',
  both_parents_assessed boolean NOT NULL DEFAULT false,
  closed_at timestamptz,
  closed_outcome text CHECK (closed_outcome IN ('born-with-discharge-plan', 'moved-away', 'no-longer-needed')),
  closed_reason text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unborn_referrals_person_idx ON unborn_referrals (person_id);
CREATE INDEX unborn_referrals_open_idx ON unborn_referrals (referral_date) WHERE closed_at IS NULL;
-- One open referral per unborn baby.
CREATE UNIQUE INDEX unborn_referrals_one_open_key ON unborn_referrals (person_id) WHERE closed_at IS NULL;

-- What was recorded against each milestone: done on a date, or not needed (with the reason).
CREATE TABLE unborn_milestones (
  referral_id uuid NOT NULL REFERENCES unborn_referrals(id),
  milestone text NOT NULL,
  done_date date,
  not_needed_reason text NOT NULL DEFAULT '',
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (referral_id, milestone),
  CHECK (done_date IS NOT NULL OR not_needed_reason <> '')
);

-- A loss in a family: a pregnancy loss, a stillbirth, the death of a baby.
CREATE TABLE family_losses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id uuid NOT NULL REFERENCES families(id),
  kind text NOT NULL CHECK (kind IN ('miscarriage', 'termination-for-fetal-anomaly', 'stillbirth',
    'neonatal-death', 'death-of-a-multiple', 'sudi')),
  loss_date date NOT NULL,
  -- The baby's record if there is one; otherwise the name the family uses (or "baby").
  baby_person_id uuid REFERENCES people(id),
  baby_name text NOT NULL DEFAULT '',
  later_pregnancy_plan text NOT NULL DEFAULT '',
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_by_organisation uuid NOT NULL REFERENCES organisations(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX family_losses_family_idx ON family_losses (family_id, loss_date DESC);

-- Support offered to each member of the family separately: mother, father or partner, siblings.
CREATE TABLE family_loss_support (
  loss_id uuid NOT NULL REFERENCES family_losses(id),
  person_id uuid NOT NULL REFERENCES people(id),
  offered text[] NOT NULL DEFAULT '{}',
  response text NOT NULL DEFAULT 'not-yet' CHECK (response IN ('accepted', 'declined', 'not-yet')),
  PRIMARY KEY (loss_id, person_id)
);
