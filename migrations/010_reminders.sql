-- One row per reminder sent: what it was about, which step (due soon, due today, overdue, escalated…)
-- and the due date it was about. Written in the same transaction as the notifications it causes,
-- so a reminder goes out exactly once however often (or on however many instances) the job runs,
-- and again only if the due date is moved.
CREATE TABLE reminders_sent (
  item_type text NOT NULL,
  item_id uuid NOT NULL,
  stage text NOT NULL,
  due_date date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_type, item_id, stage, due_date)
);
