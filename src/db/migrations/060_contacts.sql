-- 060_contacts: contacts and relations (REQUIREMENTS C6, X15, S8 6/9).
-- Organisations, people (professional contact data of journalists and
-- partners, legal basis and do-not-contact per S8 point 6), positions,
-- lists and interactions. Everything is per institution. An erased
-- person keeps its row (erased_at set, personal fields emptied) so the
-- audit trail and interaction counts stay (X15, AC-C6-5).
-- Dates are YYYYMMDD integers (0 = none).

CREATE TABLE contact_orgs (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('media', 'partner', 'institution', 'creative_association', 'archive', 'museum',
                    'business', 'ngo', 'territory_library', 'other')),
  street TEXT NOT NULL DEFAULT '',
  postal_code TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  municipality TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX contact_orgs_inst ON contact_orgs(institution_id, kind);

CREATE TABLE contact_people (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  salutation TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  languages TEXT NOT NULL DEFAULT '',
  beats TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  do_not_contact SMALLINT NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
  legal_basis TEXT NOT NULL DEFAULT 'legitimate_interest'
    CHECK (legal_basis IN ('consent', 'legitimate_interest', 'contract', 'public_task')),
  data_source TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  last_contact INTEGER NOT NULL DEFAULT 0,
  erased_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX contact_people_inst ON contact_people(institution_id, last_contact);
CREATE INDEX contact_people_email ON contact_people(institution_id, email);

CREATE TABLE contact_positions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  org_id BIGINT NOT NULL REFERENCES contact_orgs(id),
  title TEXT NOT NULL DEFAULT '',
  from_date INTEGER NOT NULL DEFAULT 0,
  to_date INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_positions_person ON contact_positions(person_id);
CREATE INDEX contact_positions_org ON contact_positions(org_id);

CREATE TABLE contact_interactions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  kind TEXT NOT NULL CHECK (kind IN ('mail', 'call', 'meeting', 'media_visit', 'press_conference', 'info_request')),
  on_date INTEGER NOT NULL CHECK (on_date BETWEEN 15830101 AND 99991231),
  summary TEXT NOT NULL DEFAULT '',
  deadline INTEGER NOT NULL DEFAULT 0,
  user_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX contact_interactions_person ON contact_interactions(person_id, on_date);

CREATE TABLE contact_lists (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  purpose TEXT NOT NULL DEFAULT '',
  filter TEXT NOT NULL DEFAULT '',
  owner_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);

CREATE TABLE contact_list_members (
  list_id BIGINT NOT NULL REFERENCES contact_lists(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  PRIMARY KEY (list_id, person_id)
);

CREATE TABLE contact_dsr (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  person_id BIGINT REFERENCES contact_people(id),
  kind TEXT NOT NULL CHECK (kind IN ('access', 'erasure', 'rectification')),
  received INTEGER NOT NULL CHECK (received BETWEEN 15830101 AND 99991231),
  due INTEGER NOT NULL CHECK (due BETWEEN 15830101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'rejected')),
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('contacts.view', 'Matyti kontaktus', 'See contacts', 'contacts', 600),
 ('contacts.manage', 'Tvarkyti kontaktus', 'Manage contacts', 'contacts', 601);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'contacts.view' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'PR', 'SMM', 'EDITOR', 'EVENT', 'MGMT', 'METH', 'RBSPD');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'contacts.manage' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'PR', 'EVENT', 'MGMT');

INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('contacts.view', 'contacts.manage');
