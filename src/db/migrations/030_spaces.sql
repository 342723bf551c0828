-- 030_spaces: spaces of an institution and their bookings (REQUIREMENTS
-- C9), visits of the homestead (C10).
--
-- hours: opening hours Monday..Sunday as seven comma-separated entries
-- "OPEN-CLOSE" in minutes after local midnight, or "-" for a closed day
-- ("480-1200,...,-"); parsed by src/model/space.c.
-- Prices are in cents (EUR); vat_rate and discounts are whole percents.
-- bookings.event_id links an event (C8) once that table exists; no
-- foreign key yet on purpose. starts_at/ends_at are Unix seconds (X13);
-- the slot a booking blocks is [starts_at - setup_min, ends_at +
-- teardown_min) while it is requested or approved. price_cents is the
-- net price after the discount, vat_cents the VAT on top of it.

CREATE TABLE spaces (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL DEFAULT 'room'
    CHECK (kind IN ('room', 'exhibition_hall', 'cinema_hall', 'music_space', 'video_studio', 'homestead')),
  capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
  equipment TEXT NOT NULL DEFAULT '',
  accessibility TEXT NOT NULL DEFAULT '',
  hours TEXT NOT NULL DEFAULT '480-1200,480-1200,480-1200,480-1200,480-1200,600-960,-',
  setup_min INTEGER NOT NULL DEFAULT 0 CHECK (setup_min BETWEEN 0 AND 1440),
  teardown_min INTEGER NOT NULL DEFAULT 0 CHECK (teardown_min BETWEEN 0 AND 1440),
  rentable SMALLINT NOT NULL DEFAULT 0,
  price_hour_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_hour_cents >= 0),
  price_day_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_day_cents >= 0),
  vat_rate INTEGER NOT NULL DEFAULT 21 CHECK (vat_rate BETWEEN 0 AND 100),
  discount_ngo_pct INTEGER NOT NULL DEFAULT 0 CHECK (discount_ngo_pct BETWEEN 0 AND 100),
  discount_school_pct INTEGER NOT NULL DEFAULT 0 CHECK (discount_school_pct BETWEEN 0 AND 100),
  active SMALLINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, name)
);
CREATE INDEX spaces_inst ON spaces(institution_id, active);

CREATE TABLE bookings (
  id {{ID}},
  space_id BIGINT NOT NULL REFERENCES spaces(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL DEFAULT 'internal' CHECK (kind IN ('event', 'internal', 'rental')),
  title TEXT NOT NULL CHECK (title <> ''),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  setup_min INTEGER NOT NULL DEFAULT 0 CHECK (setup_min BETWEEN 0 AND 1440),
  teardown_min INTEGER NOT NULL DEFAULT 0 CHECK (teardown_min BETWEEN 0 AND 1440),
  status TEXT NOT NULL DEFAULT 'approved'
    CHECK (status IN ('requested', 'approved', 'declined', 'cancelled')),
  event_id BIGINT,
  requester_name TEXT NOT NULL DEFAULT '',
  requester_org TEXT NOT NULL DEFAULT '',
  requester_email TEXT NOT NULL DEFAULT '',
  requester_phone TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  attendees INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
  discount TEXT NOT NULL DEFAULT '' CHECK (discount IN ('', 'ngo', 'school')),
  price_cents BIGINT NOT NULL DEFAULT 0,
  vat_cents BIGINT NOT NULL DEFAULT 0,
  decision_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_space ON bookings(space_id, starts_at);
CREATE INDEX bookings_inst ON bookings(institution_id, status, starts_at);

CREATE TABLE homestead_visits (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  visit_date INTEGER NOT NULL CHECK (visit_date BETWEEN 15830101 AND 99991231),
  kind TEXT NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual', 'group', 'educational_programme')),
  group_name TEXT NOT NULL DEFAULT '',
  visitors INTEGER NOT NULL CHECK (visitors BETWEEN 1 AND 10000),
  guide TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX homestead_visits_day ON homestead_visits(institution_id, visit_date);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('spaces.view', 'Matyti erdves ir jų užimtumą', 'See spaces and their bookings', 'spaces', 400),
 ('spaces.manage', 'Tvarkyti erdves ir rezervuoti jas', 'Manage and book spaces', 'spaces', 401),
 ('bookings.approve', 'Tvirtinti nuomos prašymus', 'Approve rental requests', 'spaces', 402),
 ('homestead.manage', 'Registruoti sodybos lankytojus', 'Record homestead visits', 'spaces', 403);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'spaces.view' FROM roles;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'spaces.manage' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'EVENT', 'RENT', 'SITE', 'MGMT');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'bookings.approve' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'RENT', 'MGMT');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'homestead.manage' FROM roles WHERE code IN ('SITE', 'COORD', 'ADMIN', 'HEAD');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('spaces.view', 'spaces.manage', 'bookings.approve', 'homestead.manage');
