-- Finding a person by name is a prefix match ("Ash" finds "Ashworth"), case-insensitive. A LIKE
-- 'ash%' condition can use a B-tree index only through text_pattern_ops when the database's
-- collation is not C. The new index serves exact matches too, so it replaces people_name_idx.
CREATE INDEX people_name_prefix_idx
  ON people (lower(family_name) text_pattern_ops, lower(given_name) text_pattern_ops, date_of_birth);
DROP INDEX people_name_idx;
