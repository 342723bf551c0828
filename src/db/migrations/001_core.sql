-- 001_core: institutions, departments, people, roles and permissions,
-- sessions and tokens, the audit log and the job queue.
-- Times are Unix seconds (UTC) in BIGINT columns on both backends.
-- Booleans are SMALLINT 0/1 on both backends.

CREATE TABLE institutions (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  short_name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL CHECK (type IN ('national','county','municipal','school')),
  parent_id BIGINT REFERENCES institutions(id),
  address TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  description_lt TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  active SMALLINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX institutions_parent ON institutions(parent_id);

CREATE TABLE departments (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  parent_id BIGINT REFERENCES departments(id),
  is_comm SMALLINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (institution_id, name_lt)
);

CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  pw_hash TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'lt' CHECK (lang IN ('lt','en')),
  is_superadmin SMALLINT NOT NULL DEFAULT 0,
  disabled SMALLINT NOT NULL DEFAULT 0,
  pw_changed_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort INTEGER NOT NULL
);

CREATE TABLE permissions (
  code TEXT PRIMARY KEY,
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL,
  area TEXT NOT NULL,
  sort INTEGER NOT NULL
);

-- the defaults copied into every new institution's matrix
CREATE TABLE role_permission_defaults (
  role_code TEXT NOT NULL REFERENCES roles(code),
  perm_code TEXT NOT NULL REFERENCES permissions(code),
  PRIMARY KEY (role_code, perm_code)
);

-- each institution's own matrix, edited by its administrator
CREATE TABLE role_permissions (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  role_code TEXT NOT NULL REFERENCES roles(code),
  perm_code TEXT NOT NULL REFERENCES permissions(code),
  PRIMARY KEY (institution_id, role_code, perm_code)
);

CREATE TABLE memberships (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  department_id BIGINT REFERENCES departments(id),
  role_code TEXT NOT NULL REFERENCES roles(code),
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, institution_id, role_code)
);
CREATE INDEX memberships_inst ON memberships(institution_id);

CREATE TABLE sessions (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE password_resets (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE auth_failures (
  id {{ID}},
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX auth_failures_key ON auth_failures(kind, key, at);

CREATE TABLE audit_log (
  id {{ID}},
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  on_behalf_of BIGINT,
  institution_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT NOT NULL DEFAULT 0,
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_inst ON audit_log(institution_id, at);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE jobs (
  id {{ID}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  institution_id BIGINT,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  run_after BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  done_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_ready ON jobs(status, run_after);

-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- @pg
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- @both

-- The roles of REQUIREMENTS §3.2 (PUBLIC is the anonymous visitor and
-- holds no account, so it is not a row).
INSERT INTO roles(code, name_lt, name_en, sort) VALUES
 ('ADMIN','Sistemos administratorius','System administrator',1),
 ('HEAD','Skyriaus vadovas','Head of the Department',2),
 ('COORD','Komunikacijos koordinatorius','Communication coordinator',3),
 ('SMM','Socialinių medijų specialistas','Social media specialist',4),
 ('PR','Ryšių su visuomene specialistas','PR specialist / content author',5),
 ('EDITOR','Kalbos redaktorius','Language/style editor',6),
 ('PHOTO','Fotografas / vaizdo operatorius','Photographer / videographer',7),
 ('TECH','Garso ir vaizdo technikas','Sound and video technician',8),
 ('DESIGN','Dizaineris / maketuotojas','Designer / layout artist',9),
 ('EVENT','Kultūrinės veiklos vadybininkas','Event / cultural-activity manager',10),
 ('PROJ','Projektų vadovas','Project manager',11),
 ('RENT','Erdvių nuomos administratorius','Space-rental administrator',12),
 ('SITE','Sodybos prižiūrėtojas / gidas','Homestead caretaker / guide',13),
 ('METH','Metodininkas','Methodologist',14),
 ('RBSPD','Regiono bibliotekų strateginės plėtros skyriaus darbuotojas','RBSPD staff',15),
 ('STAFF','Bibliotekos darbuotojas','Library employee',16),
 ('MGMT','Direktorius / administracija','Director / administration',17),
 ('NETLIB','Teritorijos bibliotekos darbuotojas (išorinis)','Territory-library staff (external)',18);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('dashboard.view','Matyti darbalaukį','See the dashboard','general',10),
 ('users.view','Matyti naudotojus','See users','admin',20),
 ('users.manage','Tvarkyti naudotojus ir jų roles','Manage users and their roles','admin',21),
 ('institution.manage','Tvarkyti įstaigos profilį ir skyrius','Manage the institution profile and departments','admin',30),
 ('permissions.manage','Keisti teisių matricą','Edit the permission matrix','admin',40),
 ('audit.view','Matyti audito žurnalą','See the audit log','admin',50);

INSERT INTO role_permission_defaults(role_code, perm_code) VALUES
 ('ADMIN','dashboard.view'),('ADMIN','users.view'),('ADMIN','users.manage'),
 ('ADMIN','institution.manage'),('ADMIN','permissions.manage'),('ADMIN','audit.view'),
 ('HEAD','dashboard.view'),('HEAD','users.view'),('HEAD','audit.view'),
 ('COORD','dashboard.view'),('COORD','users.view'),
 ('SMM','dashboard.view'),('PR','dashboard.view'),('EDITOR','dashboard.view'),
 ('PHOTO','dashboard.view'),('TECH','dashboard.view'),('DESIGN','dashboard.view'),
 ('EVENT','dashboard.view'),('PROJ','dashboard.view'),('RENT','dashboard.view'),
 ('SITE','dashboard.view'),('METH','dashboard.view'),('RBSPD','dashboard.view'),
 ('STAFF','dashboard.view'),('MGMT','dashboard.view'),('MGMT','users.view'),
 ('NETLIB','dashboard.view');
