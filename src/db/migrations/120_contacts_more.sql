-- 120_contacts_more: media visits, press conferences and information
-- requests (REQUIREMENTS C6 MediaVisit, PressConference,
-- InformationRequest; D0-F3, D0-F11, D3-1.3.1). Everything per
-- institution; dates are YYYYMMDD integers (0 = none), times minutes
-- after local midnight.
--
-- A media visit goes requested -> approved (by a holder of
-- media_visits.approve, HEAD by default) -> confirmed (mail to the
-- journalists, an internal booking of the space they are received in,
-- so the visit is on the staff calendar and the space is checked for
-- clashes) -> done (outcome: links of the published clippings);
-- declined / cancelled on the way.

CREATE TABLE media_visits (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  outlet_id BIGINT REFERENCES contact_orgs(id),
  purpose TEXT NOT NULL DEFAULT 'story' CHECK (purpose IN ('story', 'filming', 'interview', 'photo', 'other')),
  requested_on INTEGER NOT NULL CHECK (requested_on BETWEEN 15830101 AND 99991231),
  visit_date INTEGER NOT NULL CHECK (visit_date BETWEEN 15830101 AND 99991231),
  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
  space_id BIGINT REFERENCES spaces(id),
  areas TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '',
  escort TEXT NOT NULL DEFAULT '',
  interviewees TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'declined', 'confirmed', 'done', 'cancelled')),
  approved_by BIGINT REFERENCES users(id),
  approved_at BIGINT NOT NULL DEFAULT 0,
  approval_note TEXT NOT NULL DEFAULT '',
  booking_id BIGINT REFERENCES bookings(id),
  confirmed_at BIGINT NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  CHECK (end_min > start_min)
);
CREATE INDEX media_visits_inst ON media_visits(institution_id, visit_date);

CREATE TABLE media_visit_people (
  visit_id BIGINT NOT NULL REFERENCES media_visits(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  PRIMARY KEY (visit_id, person_id)
);

-- Press conferences (D3-1.3.1): the event they belong to (C8), invitees
-- from contact lists -- a do-not-contact person is kept with excluded = 1
-- so the page says why they got nothing (AC-C6-4) --, registrations and
-- attendance, materials and the resulting clippings (one link a line).
CREATE TABLE press_conferences (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title TEXT NOT NULL CHECK (title <> ''),
  event_id BIGINT REFERENCES events(id),
  on_date INTEGER NOT NULL CHECK (on_date BETWEEN 15830101 AND 99991231),
  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
  place TEXT NOT NULL DEFAULT '',
  materials TEXT NOT NULL DEFAULT '',
  clippings TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX press_conferences_inst ON press_conferences(institution_id, on_date);

CREATE TABLE press_conference_invitees (
  conf_id BIGINT NOT NULL REFERENCES press_conferences(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  invited_on INTEGER NOT NULL,
  excluded SMALLINT NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
  registered SMALLINT NOT NULL DEFAULT 0 CHECK (registered IN (0, 1)),
  attended SMALLINT NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
  PRIMARY KEY (conf_id, person_id)
);

-- Information requests (D0-F3). regime: media (a request of a producer
-- of public information), law (under the Law on the Right to Obtain
-- Information from State and Municipal Institutions), partner. due =
-- received + the regime's working days (info_request_terms of the
-- institution, else the defaults in model/info_request.c).
CREATE TABLE info_requests (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT REFERENCES contact_people(id),
  requester TEXT NOT NULL DEFAULT '',
  regime TEXT NOT NULL CHECK (regime IN ('media', 'law', 'partner')),
  received INTEGER NOT NULL CHECK (received BETWEEN 15830101 AND 99991231),
  due INTEGER NOT NULL CHECK (due BETWEEN 15830101 AND 99991231),
  subject TEXT NOT NULL CHECK (subject <> ''),
  assignee_id BIGINT REFERENCES users(id),
  answer TEXT NOT NULL DEFAULT '',
  answered_on INTEGER NOT NULL DEFAULT 0,
  archived SMALLINT NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  CHECK (person_id IS NOT NULL OR requester <> '')
);
CREATE INDEX info_requests_inst ON info_requests(institution_id, answered_on, due);

CREATE TABLE info_request_terms (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  regime TEXT NOT NULL CHECK (regime IN ('media', 'law', 'partner')),
  workdays INTEGER NOT NULL CHECK (workdays BETWEEN 1 AND 60),
  PRIMARY KEY (institution_id, regime)
);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('media_visits.approve', 'Tvirtinti žiniasklaidos vizitus', 'Approve media visits', 'contacts', 610);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'media_visits.approve' FROM roles WHERE code IN ('HEAD');

INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('media_visits.approve');

-- Organisations: country (ISO 3166-1 alpha-2, 'LT' by default) and the
-- cooperation agreement (reference, valid from-to). A "foreign partner"
-- is an organisation outside Lithuania; one with an agreement valid today
-- is listed with its end date, and the daily job contact_agreements makes
-- a reminder task 60 days before the end (AC-C6-6).
ALTER TABLE contact_orgs ADD COLUMN country TEXT NOT NULL DEFAULT 'LT';
ALTER TABLE contact_orgs ADD COLUMN agreement_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_orgs ADD COLUMN agreement_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_orgs ADD COLUMN agreement_to INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contact_orgs_agreement ON contact_orgs(agreement_to);

-- Retention review (S8 point 6, AC-C6-5): "keep" records why a person
-- with no interaction for 24 months stays, and until when they are not
-- reviewed again (review_after, YYYYMMDD); "anonymise" is the erasure of
-- contact_erase (the row and the interaction rows stay, so the counts do).
CREATE TABLE contact_retention_keeps (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  reason TEXT NOT NULL CHECK (reason <> ''),
  kept_on INTEGER NOT NULL,
  review_after INTEGER NOT NULL,
  user_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX contact_retention_keeps_person ON contact_retention_keeps(person_id, review_after);

-- Consent records where consent is the legal basis (X15): what was
-- agreed to (purpose), the version of the text shown, when it was given
-- and withdrawn (YYYYMMDD, 0 = not withdrawn).
CREATE TABLE contact_consents (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  purpose TEXT NOT NULL CHECK (purpose <> ''),
  text_version TEXT NOT NULL CHECK (text_version <> ''),
  given_on INTEGER NOT NULL CHECK (given_on BETWEEN 15830101 AND 99991231),
  withdrawn_on INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX contact_consents_person ON contact_consents(person_id);

-- Data-subject requests of every kind of X15: objection (GDPR art. 21)
-- and restriction (art. 18) besides access, erasure and rectification.
-- SQLite cannot change a CHECK, so the table is rebuilt (nothing refers
-- to it).
-- @sqlite
CREATE TABLE contact_dsr_new (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT REFERENCES contact_people(id),
  kind TEXT NOT NULL CHECK (kind IN ('access', 'erasure', 'rectification', 'objection', 'restriction')),
  received INTEGER NOT NULL CHECK (received BETWEEN 15830101 AND 99991231),
  due INTEGER NOT NULL CHECK (due BETWEEN 15830101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'rejected')),
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
INSERT INTO contact_dsr_new(id, institution_id, person_id, kind, received, due, status, notes, created_at)
  SELECT id, institution_id, person_id, kind, received, due, status, notes, created_at FROM contact_dsr;
DROP TABLE contact_dsr;
ALTER TABLE contact_dsr_new RENAME TO contact_dsr;
-- @pg
ALTER TABLE contact_dsr DROP CONSTRAINT contact_dsr_kind_check;
ALTER TABLE contact_dsr ADD CONSTRAINT contact_dsr_kind_check
  CHECK (kind IN ('access', 'erasure', 'rectification', 'objection', 'restriction'));
-- @both
CREATE INDEX contact_dsr_inst ON contact_dsr(institution_id, status, due);
