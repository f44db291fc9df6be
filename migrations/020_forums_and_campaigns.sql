-- Spreading the learning (issue 6, items 4 and 5): practitioner forums (the GP Forum) with their
-- meetings, and awareness campaigns with their resources and who has shared them.

CREATE TABLE forums (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  purpose text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX forums_name_key ON forums (lower(name));

-- A member is a user with a role in the forum, for an organisation (a GP practice's safeguarding
-- lead, the Named GP as chair). Leaving keeps the row (left_on) so past attendance still reads.
CREATE TABLE forum_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  forum_role text NOT NULL CHECK (forum_role IN ('chair', 'designated-nurse', 'practice-lead', 'member')),
  left_on date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX forum_members_current_key ON forum_members (forum_id, user_id) WHERE left_on IS NULL;
-- One chair at a time.
CREATE UNIQUE INDEX forum_members_chair_key ON forum_members (forum_id) WHERE forum_role = 'chair' AND left_on IS NULL;

CREATE TABLE forum_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
  meeting_date date NOT NULL,
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  format text NOT NULL CHECK (format IN ('in-person', 'online', 'hybrid')),
  venue text NOT NULL DEFAULT '',
  minutes text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_meetings_forum_idx ON forum_meetings (forum_id, meeting_date);

CREATE TABLE forum_agenda_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES forum_meetings(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  notes text NOT NULL DEFAULT '',
  review_id uuid REFERENCES reviews(id) ON DELETE SET NULL,
  learning_point_id uuid REFERENCES review_points(id) ON DELETE SET NULL,
  -- A learning briefing (src/modules/briefings, built in parallel). No foreign key yet: the
  -- integrator adds it (REFERENCES briefings(id) ON DELETE SET NULL) once both have landed.
  briefing_id uuid,
  discussion text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_agenda_items_meeting_idx ON forum_agenda_items (meeting_id, position);
CREATE INDEX forum_agenda_items_review_idx ON forum_agenda_items (review_id);
CREATE INDEX forum_agenda_items_point_idx ON forum_agenda_items (learning_point_id);

CREATE TABLE forum_attendance (
  meeting_id uuid NOT NULL REFERENCES forum_meetings(id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES forum_members(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('present', 'apologies', 'absent')),
  PRIMARY KEY (meeting_id, member_id)
);

-- A forum action is a real action in the tracker, owned by an organisation like any other, but it
-- comes from a forum meeting rather than a review's recommendation: each action has exactly one of
-- the two.
ALTER TABLE actions ALTER COLUMN recommendation_id DROP NOT NULL;
ALTER TABLE actions ADD COLUMN forum_meeting_id uuid REFERENCES forum_meetings(id) ON DELETE RESTRICT;
ALTER TABLE actions ADD CONSTRAINT actions_one_origin
  CHECK ((recommendation_id IS NULL) <> (forum_meeting_id IS NULL));
CREATE INDEX actions_forum_meeting_idx ON actions (forum_meeting_id) WHERE forum_meeting_id IS NOT NULL;

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  start_date date,
  end_date date,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

CREATE TABLE campaign_recommendations (
  campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, recommendation_id)
);
CREATE INDEX campaign_recommendations_rec_idx ON campaign_recommendations (recommendation_id);

-- A video by link (https only) or a leaflet kept in the database, as evidence files are.
CREATE TABLE campaign_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('video', 'leaflet')),
  title text NOT NULL,
  url text,
  file_name text,
  content_type text,
  size_bytes integer,
  sha256 text,
  content bytea,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'video' AND url IS NOT NULL AND content IS NULL)
      OR (kind = 'leaflet' AND content IS NOT NULL AND url IS NULL))
);
CREATE INDEX campaign_resources_campaign_idx ON campaign_resources (campaign_id, created_at);

-- "We shared this campaign": one row each time an organisation shares it.
CREATE TABLE campaign_shares (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  shared_on date NOT NULL,
  how text NOT NULL,
  reach integer CHECK (reach IS NULL OR reach >= 0),
  recorded_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_shares_campaign_idx ON campaign_shares (campaign_id, organisation_id);
