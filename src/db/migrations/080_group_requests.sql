-- 080_group_requests: excursion and official delegation requests from the
-- public form (REQUIREMENTS C8 ExcursionRequest, D1-2.4, D2-22; C10 for
-- visits of the memorial homestead).
--
-- A visitor sends up to three preferred start times (pref1_at..pref3_at,
-- Unix seconds, 0 = not given). Staff accept a request with a guide (a
-- member of the institution), a start time and a duration, optionally a
-- space (then booking_id is the booking that holds it) and an event
-- (type excursion/delegation, state confirmed, not public); or decline it
-- with a reason. new -> accepted | declined | cancelled; participants is
-- recorded after the visit (-1 = not yet) and feeds the statistics (C17).
-- Personal data (contact person, e-mail, phone, notes, accessibility
-- needs) are kept for handling the visit; consent_at/consent_version record
-- when and which privacy notice was accepted. The retention job
-- (group_requests_retention, model/group_request.c) empties them a year
-- after the visit or the decision and sets erased_at; the counts stay.

CREATE TABLE group_requests (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL CHECK (kind IN ('excursion', 'delegation')),
  group_name TEXT NOT NULL CHECK (group_name <> ''),
  contact_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  group_size INTEGER NOT NULL CHECK (group_size BETWEEN 1 AND 200),
  audience TEXT NOT NULL DEFAULT 'adults'
    CHECK (audience IN ('preschool', 'primary', 'secondary', 'students', 'adults', 'seniors',
                        'professionals', 'mixed')),
  language TEXT NOT NULL DEFAULT 'lt' CHECK (language IN ('lt', 'en', 'ru', 'pl', 'uk', 'de', 'fr', 'other')),
  site TEXT NOT NULL DEFAULT 'library' CHECK (site IN ('library', 'homestead')),
  topic TEXT NOT NULL DEFAULT '',
  accessibility TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  pref1_at BIGINT NOT NULL CHECK (pref1_at > 0),
  pref2_at BIGINT NOT NULL DEFAULT 0,
  pref3_at BIGINT NOT NULL DEFAULT 0,
  ui_lang TEXT NOT NULL DEFAULT 'lt' CHECK (ui_lang IN ('lt', 'en')),
  consent_at BIGINT NOT NULL CHECK (consent_at > 0),
  consent_version TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'declined', 'cancelled')),
  guide_id BIGINT REFERENCES users(id),
  starts_at BIGINT NOT NULL DEFAULT 0,
  duration_min INTEGER NOT NULL DEFAULT 0 CHECK (duration_min BETWEEN 0 AND 720),
  space_id BIGINT REFERENCES spaces(id),
  booking_id BIGINT REFERENCES bookings(id),
  event_id BIGINT,
  task_id BIGINT,
  decline_reason TEXT NOT NULL DEFAULT '',
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT NOT NULL DEFAULT 0,
  participants INTEGER NOT NULL DEFAULT -1 CHECK (participants BETWEEN -1 AND 10000),
  erased_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX group_requests_inst ON group_requests(institution_id, status, created_at);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('visits.view', 'Matyti ekskursijų ir delegacijų prašymus', 'See excursion and delegation requests', 'events', 410),
 ('visits.manage', 'Priimti ir atmesti ekskursijų ir delegacijų prašymus', 'Accept and decline excursion and delegation requests', 'events', 411);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'visits.view' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'EVENT', 'PR', 'EDITOR', 'MGMT', 'NETLIB', 'SITE');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'visits.manage' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'EVENT', 'PR', 'EDITOR', 'MGMT', 'NETLIB', 'SITE');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('visits.view', 'visits.manage');
