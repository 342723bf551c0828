-- 020_events: the events calendar (REQUIREMENTS C8, X6, X13, S8 point 4).
--
-- One row of events is one event (or one recurring series: rrule +
-- exdates, RFC 5545). starts_at/ends_at are unix times of the first
-- occurrence (entered as Europe/Vilnius local time). event_occurrences
-- holds the expanded occurrences (at most 500, open-ended rules capped at
-- two years) and is rewritten in the same transaction as the event, so
-- lists, month grids and ICS read it directly.
--
-- state: draft -> planned -> confirmed -> published -> done -> reported;
-- cancelled is kept (with cancel_reason). Only published + is_public rows
-- are shown to visitors; share_network puts a published public event on
-- the county library's network calendar.
-- capacity / registration_opens / registration_closes: reserved for the
-- registration round (0 = none).

CREATE TABLE events (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title TEXT NOT NULL CHECK (title <> ''),
  summary TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT 'other'
    CHECK (type IN ('exhibition', 'book_presentation', 'conference', 'education', 'excursion', 'delegation',
                    'concert', 'film', 'virtual', 'fair', 'other')),
  department_id BIGINT REFERENCES departments(id),
  space_name TEXT NOT NULL DEFAULT '',
  partners TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL DEFAULT '',
  age_min SMALLINT NOT NULL DEFAULT 0,
  age_max SMALLINT NOT NULL DEFAULT 0,
  languages TEXT NOT NULL DEFAULT 'lt',
  is_free SMALLINT NOT NULL DEFAULT 1,
  price_text TEXT NOT NULL DEFAULT '',
  accessibility TEXT NOT NULL DEFAULT '',
  photo_notice SMALLINT NOT NULL DEFAULT 0,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  all_day SMALLINT NOT NULL DEFAULT 0,
  rrule TEXT NOT NULL DEFAULT '',
  exdates TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'planned', 'confirmed', 'published', 'done', 'reported', 'cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  is_public SMALLINT NOT NULL DEFAULT 1,
  share_network SMALLINT NOT NULL DEFAULT 0,
  capacity INTEGER NOT NULL DEFAULT 0,
  registration_opens BIGINT NOT NULL DEFAULT 0,
  registration_closes BIGINT NOT NULL DEFAULT 0,
  published_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  CHECK (ends_at >= starts_at)
);
CREATE INDEX events_inst ON events(institution_id, state, starts_at);

CREATE TABLE event_occurrences (
  id {{ID}},
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL
);
CREATE INDEX event_occ_inst ON event_occurrences(institution_id, starts_at);
CREATE INDEX event_occ_event ON event_occurrences(event_id, starts_at);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('events.view', 'Matyti renginius', 'See events', 'events', 400),
 ('events.manage', 'Tvarkyti renginius', 'Manage events', 'events', 401);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'events.view' FROM roles;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'events.manage' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'EVENT', 'PR', 'EDITOR', 'MGMT', 'NETLIB');

INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('events.view', 'events.manage');
