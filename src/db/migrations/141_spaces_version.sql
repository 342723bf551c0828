-- 141_spaces_version: spaces.version, bumped by a trigger on every
-- update, so that what is rendered from the list of spaces (the public
-- events filter, pages/events_public.c) can be remembered exactly: the
-- count, the sum of the versions and the highest id of the active spaces
-- change with every insert, update, deactivation and delete.
ALTER TABLE spaces ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- @sqlite
CREATE TRIGGER spaces_version AFTER UPDATE ON spaces FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE spaces SET version = OLD.version + 1 WHERE id = NEW.id; END;
-- @pg
CREATE FUNCTION spaces_bump_version() RETURNS trigger AS $$
BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER spaces_version BEFORE UPDATE ON spaces FOR EACH ROW EXECUTE FUNCTION spaces_bump_version();
-- @both
