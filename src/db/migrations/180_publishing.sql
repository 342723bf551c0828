-- 180_publishing: the channel registry (C4 Channel), publications of
-- content items on channels (C4 Publication), the newsroom's reading
-- columns, and the press room's contacts.
--
-- Channels (migration 130/131) gain what the registry records: URL or
-- handle, owning department, status, adapter, guidelines, audience size.
-- Administrators are people, not passwords (C4: "no passwords stored"):
-- who holds access and on which device their second factor is.
ALTER TABLE pub_channels ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE pub_channels ADD COLUMN department_id BIGINT REFERENCES departments(id);
ALTER TABLE pub_channels ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'paused', 'retired'));
ALTER TABLE pub_channels ADD COLUMN adapter TEXT NOT NULL DEFAULT 'manual'
  CHECK (adapter IN ('manual', 'email', 'feed', 'api'));
ALTER TABLE pub_channels ADD COLUMN guidelines TEXT NOT NULL DEFAULT '';
ALTER TABLE pub_channels ADD COLUMN audience_size INTEGER NOT NULL DEFAULT 0 CHECK (audience_size >= 0);
UPDATE pub_channels SET adapter = 'feed' WHERE kind = 'website';
UPDATE pub_channels SET adapter = 'email' WHERE kind IN ('newsletter', 'media_distribution');
-- a new channel (an institution's defaults, or one added later) gets its
-- kind's adapter unless it names one
-- @sqlite
CREATE TRIGGER pub_channels_adapter AFTER INSERT ON pub_channels FOR EACH ROW WHEN NEW.adapter = 'manual'
BEGIN
  UPDATE pub_channels SET adapter = CASE NEW.kind WHEN 'website' THEN 'feed'
    WHEN 'newsletter' THEN 'email' WHEN 'media_distribution' THEN 'email' ELSE 'manual' END
  WHERE id = NEW.id;
END;
-- @pg
CREATE FUNCTION pub_channels_adapter() RETURNS trigger AS $$
BEGIN
  IF NEW.adapter = 'manual' THEN
    NEW.adapter := CASE NEW.kind WHEN 'website' THEN 'feed'
      WHEN 'newsletter' THEN 'email' WHEN 'media_distribution' THEN 'email' ELSE 'manual' END;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER pub_channels_adapter BEFORE INSERT ON pub_channels
FOR EACH ROW EXECUTE FUNCTION pub_channels_adapter();
-- @both

CREATE TABLE pub_channel_admins (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  second_factor TEXT NOT NULL DEFAULT '',
  added_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (channel_id, user_id)
);

-- One item on one channel. status: scheduled (waiting for its time) ->
-- published, or due (the manual adapter's "publish now" task is open,
-- until someone pastes the post's URL) -> published; sending (an API
-- adapter's call is under way since sending_at: a run that finds it so
-- after a crash asks the platform before posting again) -> published;
-- failed with a reason; withdrawn (C4 workflow 8). One row per item and
-- channel.
CREATE TABLE publications (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  scheduled_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'due', 'sending', 'published', 'failed', 'withdrawn')),
  sending_at BIGINT NOT NULL DEFAULT 0,
  external_id TEXT NOT NULL DEFAULT '',
  published_at BIGINT NOT NULL DEFAULT 0,
  published_by BIGINT REFERENCES users(id),
  external_url TEXT NOT NULL DEFAULT '',
  fail_reason TEXT NOT NULL DEFAULT '',
  task_id BIGINT NOT NULL DEFAULT 0,
  withdrawn_at BIGINT NOT NULL DEFAULT 0,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (item_id, channel_id)
);
CREATE INDEX publications_inst ON publications(institution_id, status, scheduled_at);
CREATE INDEX publications_channel ON publications(channel_id, scheduled_at);

-- A channel's access token for its platform's API (Facebook Page,
-- Instagram, YouTube), sealed with the installation's key (core/vault.h):
-- never stored or shown in the clear. account_id is the page id or the
-- Instagram user id the calls address. Setting one makes the channel's
-- adapter "api"; removing it, "manual" again.
CREATE TABLE pub_channel_tokens (
  channel_id BIGINT PRIMARY KEY REFERENCES pub_channels(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  account_id TEXT NOT NULL DEFAULT '',
  sealed TEXT NOT NULL CHECK (sealed LIKE 'v1:%'),
  expires_at BIGINT NOT NULL DEFAULT 0,
  set_by BIGINT NOT NULL REFERENCES users(id),
  set_at BIGINT NOT NULL
);

-- The newsroom reads content_items directly: newsroom_at is when the
-- item went out on the institution's website channel (0 = not there),
-- withdrawn_at when it was taken down. row_version is bumped by a
-- trigger on every update (as events.version, migration 100), so the
-- pages can remember what they printed per row version.
ALTER TABLE content_items ADD COLUMN newsroom_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE content_items ADD COLUMN withdrawn_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE content_items ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE content_items ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;
-- covering for the newsroom list and the feeds, in their order
CREATE INDEX content_newsroom ON content_items(institution_id, status, withdrawn_at, newsroom_at, id, row_version, type,
                                              embargo_at);

-- @sqlite
CREATE TRIGGER content_row_version AFTER UPDATE ON content_items FOR EACH ROW WHEN NEW.row_version = OLD.row_version
BEGIN UPDATE content_items SET row_version = OLD.row_version + 1 WHERE id = NEW.id; END;
-- @pg
CREATE FUNCTION content_bump_row_version() RETURNS trigger AS $$
BEGIN NEW.row_version := OLD.row_version + 1; RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER content_row_version BEFORE UPDATE ON content_items
FOR EACH ROW EXECUTE FUNCTION content_bump_row_version();
-- @both

-- the press room's media contacts (C4 workflow 3: press kit contact)
CREATE TABLE press_contacts (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  role TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX press_contacts_inst ON press_contacts(institution_id, sort);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('publishing.manage', 'Planuoti ir skelbti publikacijas kanaluose', 'Schedule and publish on channels', 'content', 660),
 ('channels.manage', 'Tvarkyti kanalų registrą', 'Manage the channel registry', 'content', 661);
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'publishing.manage' FROM roles WHERE code IN ('HEAD', 'COORD', 'SMM', 'PR');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'channels.manage' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD');
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('publishing.manage', 'channels.manage');
