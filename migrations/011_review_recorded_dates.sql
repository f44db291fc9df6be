-- The dates that stop the statutory clocks: the rapid review sent to the National Panel, the final
-- report sent to the Panel and the Secretary of State, the report published; and the planned
-- publication date the report-to-Panel clock counts back from when it is set.
ALTER TABLE reviews
  ADD COLUMN rapid_review_sent_date date,
  ADD COLUMN report_sent_date date,
  ADD COLUMN published_date date,
  ADD COLUMN planned_publication_date date;
