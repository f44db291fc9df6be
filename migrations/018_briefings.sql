-- Learning briefings in the 7-minute-briefing shape, drawn from a review, published to chosen
-- organisations, with each organisation's confirmation that it shared the briefing and each
-- reader's acknowledgement (the briefing's reach).

CREATE TABLE briefings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  background text NOT NULL DEFAULT '',
  what_happened text NOT NULL DEFAULT '',
  findings text NOT NULL DEFAULT '',
  learning text NOT NULL DEFAULT '',
  what_to_do_differently text NOT NULL DEFAULT '',
  questions_for_reflection text NOT NULL DEFAULT '',
  further_reading text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_date date,
  published_at timestamptz,
  published_by uuid REFERENCES users(id),
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX briefings_review_idx ON briefings (review_id);
CREATE INDEX briefings_published_idx ON briefings (published_at DESC);

-- The review's learning points and recommendations the briefing draws on.
CREATE TABLE briefing_learning_points (
  briefing_id uuid NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
  learning_point_id uuid NOT NULL REFERENCES review_points(id) ON DELETE CASCADE,
  PRIMARY KEY (briefing_id, learning_point_id)
);

CREATE TABLE briefing_recommendations (
  briefing_id uuid NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
  recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  PRIMARY KEY (briefing_id, recommendation_id)
);
CREATE INDEX briefing_recommendations_recommendation_idx ON briefing_recommendations (recommendation_id);

-- The organisations a briefing was published to, and their lead's confirmation that it was shared.
CREATE TABLE briefing_recipients (
  briefing_id uuid NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  shared_date date,
  shared_how text NOT NULL DEFAULT '',
  confirmed_by uuid REFERENCES users(id),
  confirmed_at timestamptz,
  PRIMARY KEY (briefing_id, organisation_id)
);
CREATE INDEX briefing_recipients_organisation_idx ON briefing_recipients (organisation_id);

-- "I have read this briefing": once per person, counted under their organisation at the time.
CREATE TABLE briefing_acknowledgements (
  briefing_id uuid NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  acknowledged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (briefing_id, user_id)
);
