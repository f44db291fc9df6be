-- The review library (issue 7): published reviews from this partnership and from other areas, kept
-- with their extracted text for full-text search, a maintained taxonomy of safeguarding themes, the
-- themes suggested for each review (with the passages behind each suggestion) and a person's decision
-- on them, and bulk imports with their progress.

CREATE TABLE library_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
  -- The local area (partnership) that published the review, e.g. "Northshire".
  area text NOT NULL DEFAULT '' CHECK (char_length(area) <= 200),
  year integer CHECK (year BETWEEN 1970 AND 2100),
  review_type text NOT NULL DEFAULT 'other'
    CHECK (review_type IN ('lcspr', 'scr', 'rapid-review', 'learning-review', 'national', 'other')),
  -- The child's age band at the incident; null when the report does not say.
  age_band text CHECK (age_band IN ('unborn', 'under-1', '1-4', '5-10', '11-15', '16-17')),
  outcome text NOT NULL DEFAULT 'not-stated'
    CHECK (outcome IN ('died', 'serious-harm', 'other', 'not-stated')),
  source_url text CHECK (source_url IS NULL OR source_url ~ '^https?://'),
  -- Set when the library entry is this partnership's own published review.
  review_id uuid REFERENCES reviews(id) ON DELETE SET NULL,
  -- The extracted text. Only the first 900,000 characters are indexed: a tsvector may not pass 1 MB.
  body text NOT NULL,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', left(body, 900000)), 'B')
  ) STORED,
  -- The original file, when one was uploaded (kept in the database so every instance sees it).
  file_name text,
  content_type text,
  size_bytes integer,
  sha256 text,
  content bytea,
  version integer NOT NULL DEFAULT 1,
  added_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX library_reviews_search_idx ON library_reviews USING gin (search_vector);
CREATE INDEX library_reviews_year_idx ON library_reviews (year);
CREATE INDEX library_reviews_created_idx ON library_reviews (created_at DESC);
-- The same file twice is one review: an upload or import of a file already held is refused.
CREATE UNIQUE INDEX library_reviews_sha256_key ON library_reviews (sha256) WHERE sha256 IS NOT NULL;
CREATE UNIQUE INDEX library_reviews_review_key ON library_reviews (review_id) WHERE review_id IS NOT NULL;

-- Training scenarios may draw on a library review (migration 019 left the column without a key).
UPDATE course_scenarios SET library_review_id = NULL
 WHERE library_review_id IS NOT NULL AND library_review_id NOT IN (SELECT id FROM library_reviews);
ALTER TABLE course_scenarios
  ADD CONSTRAINT course_scenarios_library_review_fkey
  FOREIGN KEY (library_review_id) REFERENCES library_reviews(id) ON DELETE SET NULL;
CREATE INDEX course_scenarios_library_review_idx ON course_scenarios (library_review_id)
  WHERE library_review_id IS NOT NULL;

-- The taxonomy. The business unit maintains it; keywords drive the suggestions (phrases, matched
-- case-insensitively on word boundaries).
CREATE TABLE library_themes (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  keywords text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 100,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO library_themes (code, name, description, keywords, sort_order) VALUES
  ('unsafe-sleep', 'Unsafe sleep and co-sleeping', 'A baby sleeping in an unsafe place or position, including sharing a bed or sofa with an adult.',
   ARRAY['co-sleeping', 'co-sleep', 'co-slept', 'bed sharing', 'bed-sharing', 'shared a bed', 'sharing a bed', 'sofa', 'safer sleep', 'safe sleep', 'unsafe sleep', 'sleeping arrangements', 'moses basket', 'cot', 'SUDI', 'sudden unexpected death in infancy'], 10),
  ('parental-alcohol', 'Parental alcohol misuse', 'A parent or carer drinking in a way that affects their care of the child.',
   ARRAY['alcohol', 'drinking', 'drunk', 'intoxicated', 'intoxication', 'binge', 'units of alcohol'], 20),
  ('parental-drugs', 'Parental drug misuse', 'A parent or carer using illegal drugs or misusing prescribed medicines.',
   ARRAY['drug use', 'drug misuse', 'substance misuse', 'cannabis', 'cocaine', 'heroin', 'methadone', 'illicit drugs', 'prescribed medication'], 30),
  ('prematurity', 'Prematurity', 'A baby born early or with a low birth weight.',
   ARRAY['premature', 'prematurity', 'preterm', 'pre-term', 'born early', 'low birth weight', 'neonatal unit', 'special care baby unit', 'SCBU'], 40),
  ('domestic-abuse', 'Domestic abuse', 'Abuse between adults in the household, and its effect on children.',
   ARRAY['domestic abuse', 'domestic violence', 'coercive control', 'MARAC', 'controlling behaviour', 'violence in the home'], 50),
  ('parental-mental-health', 'Parental mental health', 'A parent or carer''s mental ill-health, including perinatal mental health.',
   ARRAY['mental health', 'depression', 'anxiety', 'postnatal depression', 'perinatal mental health', 'psychosis', 'self-harm'], 60),
  ('neglect', 'Neglect', 'Persistent failure to meet a child''s basic needs.',
   ARRAY['neglect', 'neglected', 'poor home conditions', 'missed appointments', 'was not brought', 'hygiene'], 70),
  ('non-accidental-injury', 'Non-accidental injury', 'Physical harm deliberately caused to a child, including abusive head trauma.',
   ARRAY['non-accidental injury', 'non-accidental', 'fracture', 'fractures', 'bruising', 'bruise', 'head injury', 'abusive head trauma', 'shaken'], 80),
  ('fathers-male-carers', 'Fathers and male carers', 'Whether professionals saw, assessed and involved fathers and other men in the household.',
   ARRAY['father', 'fathers', 'male carer', 'male carers', 'partner', 'stepfather', 'invisible men', 'hidden men'], 90),
  ('information-sharing', 'Information sharing', 'Whether agencies shared what they knew in time.',
   ARRAY['information sharing', 'shared information', 'not shared', 'communication between agencies', 'referral', 'handover'], 100),
  ('professional-curiosity', 'Professional curiosity', 'Looking beyond what is presented, asking questions and checking what is said.',
   ARRAY['professional curiosity', 'curiosity', 'disguised compliance', 'taken at face value', 'challenge'], 110),
  ('disrupted-routines', 'Disrupted routines', 'Changes to the usual routine (visits, holidays, illness, celebrations) that raise the risk to a baby.',
   ARRAY['disrupted routine', 'change in routine', 'out of routine', 'staying with', 'holiday', 'visiting relatives', 'celebration', 'party'], 120),
  ('housing', 'Housing', 'Overcrowding, temporary accommodation, moves and homelessness.',
   ARRAY['housing', 'overcrowded', 'overcrowding', 'temporary accommodation', 'homeless', 'homelessness', 'eviction', 'moved home'], 130),
  ('bereavement', 'Bereavement', 'Support for the family after the death of a child, including fathers and siblings.',
   ARRAY['bereavement', 'bereaved', 'grief', 'loss of a baby', 'previous neonatal death', 'stillbirth', 'purple butterfly'], 140);

CREATE TABLE library_review_themes (
  library_review_id uuid NOT NULL REFERENCES library_reviews(id) ON DELETE CASCADE,
  theme_code text NOT NULL REFERENCES library_themes(code) ON UPDATE CASCADE ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
  -- The passages that support a suggestion: [{"start": n, "end": n, "text": "…"}], offsets into body.
  passages jsonb NOT NULL DEFAULT '[]',
  score real NOT NULL DEFAULT 0,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (library_review_id, theme_code)
);
CREATE INDEX library_review_themes_theme_idx ON library_review_themes (theme_code, library_review_id)
  WHERE status = 'confirmed';

-- A bulk import (CSV of metadata with files, or a folder) and its progress, so the page can show it.
CREATE TABLE library_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source text NOT NULL CHECK (source IN ('csv', 'folder', 'upload')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'failed')),
  total integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  -- [{"item": "file or row", "message": "why it was not added"}]
  errors jsonb NOT NULL DEFAULT '[]',
  started_by uuid REFERENCES users(id),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
