-- Issue 11 (events): one vocabulary of positions, event places and announcements in both
-- languages, announcement numbers that count announcements, elapsed time without downtime.

-- The profile form stores 'deputy_kenesh'; event and announcement audiences said
-- 'kenesh_deputy', so nobody with that position was ever reached.  One spelling everywhere.
UPDATE users SET position = 'deputy_kenesh' WHERE position = 'kenesh_deputy';
UPDATE questions SET position = 'deputy_kenesh' WHERE position = 'kenesh_deputy';
UPDATE events SET audience = replace(audience, '"kenesh_deputy"', '"deputy_kenesh"')
    WHERE audience LIKE '%"kenesh_deputy"%';
UPDATE broadcasts SET audience = replace(audience, '"kenesh_deputy"', '"deputy_kenesh"')
    WHERE audience LIKE '%"kenesh_deputy"%';

-- The place in Russian (the existing column `place` is the Kyrgyz one, or the only one).
ALTER TABLE events ADD COLUMN place_ru TEXT;

-- Announcements (and event announcements) are numbered among themselves: the first is №1,
-- whatever notices to participants were queued before it.
ALTER TABLE broadcasts ADD COLUMN number INTEGER;
UPDATE broadcasts SET number = (
    SELECT count(*) FROM broadcasts b
    WHERE b.kind IN ('announcement', 'event_new') AND b.id <= broadcasts.id
) WHERE kind IN ('announcement', 'event_new');

-- Seconds the bot was not running while the broadcast was under way (excluded from its time).
ALTER TABLE broadcasts ADD COLUMN downtime_seconds REAL NOT NULL DEFAULT 0;
