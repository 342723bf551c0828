-- 090_equipment: the equipment inventory of an institution and its
-- reservations on bookings (REQUIREMENTS C9), and the link from
-- bookings to events (C8).
--
-- equipment_reservations: `quantity` of an item held for a booking. The
-- window it blocks is the booking's blocked window ([starts_at -
-- setup_min, ends_at + teardown_min)) while the booking is requested or
-- approved. At no instant do the reservations of an item add up to more
-- than its quantity; src/model/equipment.c checks the peak of concurrent
-- use in the inserting write transaction with the item row locked.
--
-- bookings.event_id -> events(id), ON DELETE SET NULL. Deleting an
-- event clears the link of its bookings (a trigger on both dialects).
-- No insert-time foreign key yet: SQLite cannot add a constraint to an
-- existing table without rebuilding bookings, and the spaces API (and
-- its test, tests/py/test_spaces.py json_api) still accepts an event_id
-- that names no event. The pages of this family only ever store the id
-- of an event of the same institution (model/equipment.c evb_book).
-- On PostgreSQL the real constraint is one statement once that test
-- uses a real event:
--   ALTER TABLE bookings ADD CONSTRAINT bookings_event_fk
--     FOREIGN KEY (event_id) REFERENCES events(id) ON DELETE SET NULL;

CREATE TABLE equipment_items (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  category TEXT NOT NULL DEFAULT 'other'
    CHECK (category IN ('sound', 'projection', 'streaming', 'photo', 'furniture', 'other')),
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 0 AND 100000),
  home_space_id BIGINT REFERENCES spaces(id),
  notes TEXT NOT NULL DEFAULT '',
  active SMALLINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, name)
);
CREATE INDEX equipment_items_inst ON equipment_items(institution_id, active);

CREATE TABLE equipment_reservations (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  booking_id BIGINT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  item_id BIGINT NOT NULL REFERENCES equipment_items(id),
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (booking_id, item_id)
);
CREATE INDEX equipment_res_item ON equipment_reservations(item_id, booking_id);

CREATE INDEX bookings_event ON bookings(event_id);

-- @pg
CREATE FUNCTION events_unlink_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bookings SET event_id = NULL WHERE event_id = OLD.id;
  RETURN OLD;
END
$$;
CREATE TRIGGER events_delete_unlink_bookings AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_unlink_bookings();

-- @sqlite
CREATE TRIGGER events_delete_unlink_bookings AFTER DELETE ON events
BEGIN
  UPDATE bookings SET event_id = NULL WHERE event_id = OLD.id;
END;

-- @both
