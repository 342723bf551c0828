-- 142_events_occ_listed: the public events list without a join.
--
-- The public list (/{inst}/events, model/event.c st_occ_listed) walks an
-- institution's occurrences from today in start order and keeps the
-- published, public ones. Only about a quarter of upcoming occurrences
-- are (the rest are drafts, planned or confirmed), so reading the event
-- row of each to decide meant four joins per item shown.
--
-- Each occurrence now carries what the list needs of its event: whether
-- it is listed (published and public), and the event's version,
-- created_at, updated_at and all_day, which identify what a list item
-- shows (the items are remembered per version, pages/events_public.c).
-- Triggers keep them equal to the event row: on inserting an occurrence,
-- and after every update of an event (which bumps events.version,
-- migration 100). The SQLite trigger reads the event row itself rather
-- than NEW, so the order in which it and events_version fire does not
-- matter.
ALTER TABLE event_occurrences ADD COLUMN listed SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE event_occurrences ADD COLUMN ev_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event_occurrences ADD COLUMN ev_created BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event_occurrences ADD COLUMN ev_updated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event_occurrences ADD COLUMN all_day SMALLINT NOT NULL DEFAULT 0;

UPDATE event_occurrences SET
  listed = (SELECT CASE WHEN e.state = 'published' AND e.is_public = 1 THEN 1 ELSE 0 END FROM events e
            WHERE e.id = event_occurrences.event_id),
  ev_version = (SELECT e.version FROM events e WHERE e.id = event_occurrences.event_id),
  ev_created = (SELECT e.created_at FROM events e WHERE e.id = event_occurrences.event_id),
  ev_updated = (SELECT e.updated_at FROM events e WHERE e.id = event_occurrences.event_id),
  all_day = (SELECT CASE WHEN e.all_day <> 0 THEN 1 ELSE 0 END FROM events e
             WHERE e.id = event_occurrences.event_id);

CREATE INDEX event_occ_listed ON event_occurrences(institution_id, listed, starts_at, event_id, ends_at, ev_version,
                                                   ev_created, ev_updated, all_day);

-- @sqlite
CREATE TRIGGER event_occ_denorm AFTER INSERT ON event_occurrences FOR EACH ROW
BEGIN
  UPDATE event_occurrences SET
    listed = (SELECT CASE WHEN e.state = 'published' AND e.is_public = 1 THEN 1 ELSE 0 END FROM events e
              WHERE e.id = NEW.event_id),
    ev_version = (SELECT e.version FROM events e WHERE e.id = NEW.event_id),
    ev_created = (SELECT e.created_at FROM events e WHERE e.id = NEW.event_id),
    ev_updated = (SELECT e.updated_at FROM events e WHERE e.id = NEW.event_id),
    all_day = (SELECT CASE WHEN e.all_day <> 0 THEN 1 ELSE 0 END FROM events e WHERE e.id = NEW.event_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER events_occ_sync AFTER UPDATE ON events FOR EACH ROW
BEGIN
  UPDATE event_occurrences SET
    listed = (SELECT CASE WHEN e.state = 'published' AND e.is_public = 1 THEN 1 ELSE 0 END FROM events e
              WHERE e.id = NEW.id),
    ev_version = (SELECT e.version FROM events e WHERE e.id = NEW.id),
    ev_created = (SELECT e.created_at FROM events e WHERE e.id = NEW.id),
    ev_updated = (SELECT e.updated_at FROM events e WHERE e.id = NEW.id),
    all_day = (SELECT CASE WHEN e.all_day <> 0 THEN 1 ELSE 0 END FROM events e WHERE e.id = NEW.id)
  WHERE event_id = NEW.id;
END;
-- @pg
CREATE FUNCTION event_occ_denorm() RETURNS trigger AS $$
BEGIN
  SELECT CASE WHEN e.state = 'published' AND e.is_public = 1 THEN 1 ELSE 0 END, e.version, e.created_at,
         e.updated_at, CASE WHEN e.all_day <> 0 THEN 1 ELSE 0 END
    INTO NEW.listed, NEW.ev_version, NEW.ev_created, NEW.ev_updated, NEW.all_day
    FROM events e WHERE e.id = NEW.event_id;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER event_occ_denorm BEFORE INSERT ON event_occurrences
FOR EACH ROW EXECUTE FUNCTION event_occ_denorm();
-- NEW already carries the bumped version (events_version is a BEFORE trigger)
CREATE FUNCTION events_occ_sync() RETURNS trigger AS $$
BEGIN
  UPDATE event_occurrences SET
    listed = CASE WHEN NEW.state = 'published' AND NEW.is_public = 1 THEN 1 ELSE 0 END,
    ev_version = NEW.version, ev_created = NEW.created_at, ev_updated = NEW.updated_at,
    all_day = CASE WHEN NEW.all_day <> 0 THEN 1 ELSE 0 END
  WHERE event_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER events_occ_sync AFTER UPDATE ON events
FOR EACH ROW EXECUTE FUNCTION events_occ_sync();
