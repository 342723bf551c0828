-- 192_assets: the institution's media library (REQUIREMENTS C12 Asset,
-- Album, TakedownRequest), assets attached to content items and their
-- channel variants, photo withdrawal (AC-C4-7, AC-C12-5) and the press
-- kit's public albums (C4 workflow 3).
--
-- An asset's bytes are a row of files (migration 184: BLOB / bytea in the
-- database); the SHA-256 is repeated here so that the same file cannot
-- be uploaded twice into one institution (the unique index is the last
-- word; the model says which asset it already is). licence is a closed
-- set; only public_use = 1, restricted = 0 and a licence other than
-- internal_only is ever served to the public. restricted is set by a
-- takedown request and is never cleared by editing the metadata.
CREATE TABLE assets (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL CHECK (kind IN ('photo', 'graphic', 'document', 'video', 'audio')),
  file_id BIGINT NOT NULL REFERENCES files(id),
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  mime TEXT NOT NULL,
  title_lt TEXT NOT NULL CHECK (title_lt <> ''),
  title_en TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  licence TEXT NOT NULL DEFAULT 'internal_only'
    CHECK (licence IN ('internal_only', 'press_use_with_credit', 'cc_by_4', 'other')),
  licence_note TEXT NOT NULL DEFAULT '',
  public_use SMALLINT NOT NULL DEFAULT 0 CHECK (public_use IN (0, 1)),
  restricted SMALLINT NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
  restricted_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (institution_id, sha256)
);
CREATE INDEX assets_inst ON assets(institution_id, kind, restricted);

-- public albums make the press room's kit
CREATE TABLE albums (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title_lt TEXT NOT NULL CHECK (title_lt <> ''),
  title_en TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  public SMALLINT NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX albums_inst ON albums(institution_id, public);

CREATE TABLE album_assets (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  album_id BIGINT NOT NULL REFERENCES albums(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  PRIMARY KEY (album_id, asset_id)
);
CREATE INDEX album_assets_asset ON album_assets(asset_id);

-- an asset on a content item (channel_id 0) or on one channel's variant
CREATE TABLE content_assets (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  channel_id BIGINT NOT NULL DEFAULT 0,
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  added_by BIGINT NOT NULL REFERENCES users(id),
  added_at BIGINT NOT NULL,
  UNIQUE (item_id, channel_id, asset_id)
);
CREATE INDEX content_assets_asset ON content_assets(institution_id, asset_id);

-- A withdrawal request (AC-C4-7): the assets it names become restricted
-- when it is recorded; every publication that used them is a row of
-- takedown_uses, resolved one by one (removed | replaced, by whom, when);
-- the request closes, and its owner's task completes, only when none is
-- left open.
CREATE TABLE takedown_requests (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  reason TEXT NOT NULL CHECK (reason IN ('consent_withdrawn', 'objection', 'dignity', 'error')),
  requester TEXT NOT NULL CHECK (requester <> ''),
  requester_contact TEXT NOT NULL DEFAULT '',
  received_date INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  owner_id BIGINT NOT NULL REFERENCES users(id),
  task_id BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  closed_by BIGINT REFERENCES users(id),
  closed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX takedown_requests_inst ON takedown_requests(institution_id, status, id);

CREATE TABLE takedown_assets (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  request_id BIGINT NOT NULL REFERENCES takedown_requests(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  PRIMARY KEY (request_id, asset_id)
);

CREATE TABLE takedown_uses (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  request_id BIGINT NOT NULL REFERENCES takedown_requests(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  kind TEXT NOT NULL CHECK (kind IN ('newsroom', 'social', 'newsletter')),
  item_id BIGINT NOT NULL DEFAULT 0,
  channel_id BIGINT NOT NULL DEFAULT 0,
  publication_id BIGINT NOT NULL DEFAULT 0,
  issue_id BIGINT NOT NULL DEFAULT 0,
  label TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '' CHECK (action IN ('', 'removed', 'replaced')),
  replacement_asset_id BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  resolved_by BIGINT REFERENCES users(id),
  resolved_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX takedown_uses_req ON takedown_uses(request_id, id);

-- The owner's task of a request completes only with the request: marking
-- it done on the tasks page while the request is open is refused here
-- (a constraint error: 409), whoever tries.
-- @sqlite
CREATE TRIGGER tasks_takedown_done BEFORE UPDATE OF status ON tasks FOR EACH ROW
WHEN NEW.status = 'done' AND NEW.related_type = 'takedown'
 AND EXISTS (SELECT 1 FROM takedown_requests t WHERE t.id = NEW.related_id AND t.status = 'open')
BEGIN SELECT RAISE(ABORT, 'the withdrawal request is still open'); END;
-- @pg
CREATE FUNCTION tasks_takedown_done() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'done' AND NEW.related_type = 'takedown' AND EXISTS (
       SELECT 1 FROM takedown_requests t WHERE t.id = NEW.related_id AND t.status = 'open') THEN
    RAISE EXCEPTION 'the withdrawal request is still open' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER tasks_takedown_done BEFORE UPDATE OF status ON tasks
FOR EACH ROW EXECUTE FUNCTION tasks_takedown_done();
-- @both

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('assets.view', 'Matyti medijų biblioteką', 'See the media library', 'content', 680),
 ('assets.manage', 'Įkelti ir tvarkyti nuotraukas ir failus', 'Upload and manage photos and files', 'content', 681),
 ('assets.takedown', 'Registruoti ir vykdyti nuotraukų atšaukimus', 'Record and carry out photo withdrawals', 'content', 682);
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'assets.view' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'SMM', 'PR', 'EDITOR', 'PHOTO', 'DESIGN', 'EVENT', 'MGMT');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'assets.manage' FROM roles WHERE code IN ('HEAD', 'COORD', 'SMM', 'PR', 'PHOTO', 'DESIGN');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'assets.takedown' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'PR');
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('assets.view', 'assets.manage', 'assets.takedown');
