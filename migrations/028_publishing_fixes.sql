-- Publishing fixes: remember when a review's report was published, so a review closed after
-- publication keeps its report on the public list (a review closed without publishing stays hidden).

ALTER TABLE publication_settings ADD COLUMN published_at timestamptz;

-- Reviews already published get a settings row marking them as such.
INSERT INTO publication_settings (review_id, published_at)
SELECT r.id, coalesce(r.published_date::timestamptz, r.updated_at) FROM reviews r WHERE r.status = 'published'
ON CONFLICT (review_id) DO UPDATE SET published_at = coalesce(publication_settings.published_at, EXCLUDED.published_at);

-- The title the public sees ("Learning review: Baby T"), set by the business unit and checked like
-- the report; publication waits until it is set. The internal subject reference is never shown.
ALTER TABLE publication_settings ADD COLUMN public_title text;
