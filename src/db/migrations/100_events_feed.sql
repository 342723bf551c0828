-- 100_events_feed: what the public list and the iCalendar feed read on
-- every request, indexed for them.
--
-- event_occ_list: occurrences of one institution in (starts_at,
-- event_id) order, so the list needs no sort step. It replaces
-- event_occ_inst, which is its prefix.
--
-- events.last_ends_at: the end of a series' last occurrence, written with
-- the occurrences (model/event.c), so "series still relevant" is a range
-- on an index instead of a look into every series' occurrences.
--
-- events.version: bumped by a trigger on every UPDATE of the row. The
-- feed remembers each VEVENT it printed under (id, version, ...); a
-- trigger, not the application, so no writer can forget it.
CREATE INDEX event_occ_list ON event_occurrences(institution_id, starts_at, event_id);
DROP INDEX event_occ_inst;

ALTER TABLE events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN last_ends_at BIGINT NOT NULL DEFAULT 0;
UPDATE events SET last_ends_at = COALESCE((SELECT MAX(o.ends_at) FROM event_occurrences o
                                           WHERE o.event_id = events.id), ends_at);
-- covering for the feed's query, in its order (no sort, no row reads)
CREATE INDEX events_feed ON events(institution_id, state, is_public, last_ends_at, id, version, created_at,
                                   updated_at);

-- @sqlite
CREATE TRIGGER events_version AFTER UPDATE ON events FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE events SET version = OLD.version + 1 WHERE id = NEW.id; END;
-- @pg
CREATE FUNCTION events_bump_version() RETURNS trigger AS $$
BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER events_version BEFORE UPDATE ON events
FOR EACH ROW EXECUTE FUNCTION events_bump_version();
-- @both
