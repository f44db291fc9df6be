-- Forum agenda items may link a learning briefing (issue 6): the two modules were built side by
-- side, so the foreign key comes now that both tables exist. Any id that names no briefing is let go.
UPDATE forum_agenda_items SET briefing_id = NULL
 WHERE briefing_id IS NOT NULL AND briefing_id NOT IN (SELECT id FROM briefings);
ALTER TABLE forum_agenda_items
  ADD CONSTRAINT forum_agenda_items_briefing_fkey FOREIGN KEY (briefing_id) REFERENCES briefings(id) ON DELETE SET NULL;
CREATE INDEX forum_agenda_items_briefing_idx ON forum_agenda_items (briefing_id) WHERE briefing_id IS NOT NULL;
