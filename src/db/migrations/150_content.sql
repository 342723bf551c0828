-- 150_content: content items and the editorial workflow (REQUIREMENTS C3).
--
-- content_items: one text of one type (content_types) in one
-- institution; body is Markdown (rendered with raw HTML off). Status:
-- draft -> language_review -> approval -> approved -> scheduled ->
-- published -> archived; returning to draft keeps a reason in
-- content_transitions. The approval chain of a type is data:
-- content_types holds the installation's defaults, content_chains an
-- institution's own (needs_review = language review by an editor,
-- needs_approval = the head's approval). A social post flagged
-- needs_review goes through both.
-- Every save writes a full copy into content_versions (version 1, 2, ...).
-- Times are Unix seconds (UTC), 0 = not set.

CREATE TABLE content_types (
  code TEXT PRIMARY KEY,
  name_lt TEXT NOT NULL,
  name_en TEXT NOT NULL,
  needs_review SMALLINT NOT NULL,
  needs_approval SMALLINT NOT NULL,
  sort INTEGER NOT NULL
);
INSERT INTO content_types(code, name_lt, name_en, needs_review, needs_approval, sort) VALUES
 ('news', 'Naujiena', 'News', 1, 0, 10),
 ('press_release', 'Pranešimas žiniasklaidai', 'Press release', 1, 1, 20),
 ('introductory_article', 'Įvadinis straipsnis', 'Introductory article', 1, 0, 30),
 ('announcement', 'Skelbimas', 'Announcement', 1, 0, 40),
 ('social_post', 'Įrašas socialiniuose tinkluose', 'Social media post', 0, 0, 50),
 ('newsletter_block', 'Naujienlaiškio blokas', 'Newsletter block', 1, 0, 60),
 ('video_script', 'Vaizdo įrašo scenarijus', 'Video script', 1, 0, 70),
 ('web_page_text', 'Svetainės puslapio tekstas', 'Web page text', 1, 0, 80),
 ('internal_document', 'Vidaus dokumentas', 'Internal document', 0, 0, 90);

CREATE TABLE content_chains (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  type_code TEXT NOT NULL REFERENCES content_types(code),
  needs_review SMALLINT NOT NULL,
  needs_approval SMALLINT NOT NULL,
  PRIMARY KEY (institution_id, type_code)
);

CREATE TABLE content_items (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  type TEXT NOT NULL REFERENCES content_types(code),
  title TEXT NOT NULL CHECK (title <> ''),
  slug TEXT NOT NULL CHECK (slug <> ''),
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'lt' CHECK (lang IN ('lt', 'en')),
  author_id BIGINT NOT NULL REFERENCES users(id),
  owner_id BIGINT NOT NULL REFERENCES users(id),
  department_id BIGINT REFERENCES departments(id),
  embargo_at BIGINT NOT NULL DEFAULT 0,
  scheduled_at BIGINT NOT NULL DEFAULT 0,
  published_at BIGINT NOT NULL DEFAULT 0,
  request_id BIGINT NOT NULL DEFAULT 0,
  plan_item_id BIGINT NOT NULL DEFAULT 0,
  event_id BIGINT NOT NULL DEFAULT 0,
  flagged SMALLINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'language_review', 'approval', 'approved', 'scheduled', 'published', 'archived')),
  review_result TEXT NOT NULL DEFAULT '' CHECK (review_result IN ('', 'ok', 'changes_made')),
  approved_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, slug)
);
CREATE INDEX content_items_list ON content_items(institution_id, status, updated_at);
CREATE INDEX content_items_author ON content_items(institution_id, author_id);
CREATE INDEX content_items_plan ON content_items(institution_id, plan_item_id);

CREATE TABLE content_versions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  saved_by BIGINT NOT NULL REFERENCES users(id),
  saved_at BIGINT NOT NULL,
  UNIQUE (item_id, version)
);

-- who moved the item where, when and why; result = the language review's;
-- user_id NULL = the system (the publishing job)
CREATE TABLE content_transitions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  result TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES users(id),
  at BIGINT NOT NULL
);
CREATE INDEX content_transitions_item ON content_transitions(item_id, id);

CREATE TABLE content_comments (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL CHECK (body <> ''),
  created_at BIGINT NOT NULL
);
CREATE INDEX content_comments_item ON content_comments(item_id, id);

-- templates: institution_id NULL = the installation's, for every institution
CREATE TABLE content_templates (
  id {{ID}},
  institution_id BIGINT REFERENCES institutions(id),
  type TEXT NOT NULL REFERENCES content_types(code),
  name TEXT NOT NULL CHECK (name <> ''),
  title TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX content_templates_inst ON content_templates(institution_id);

INSERT INTO content_templates(institution_id, type, name, title, summary, body) VALUES
 (NULL, 'press_release', 'Pranešimas žiniasklaidai', '{{event.title}}',
  'Trumpai: kas, kada, kur ir kodėl tai svarbu.',
  '**{{date}}**

Pirmoji pastraipa: kas vyksta, kada, kur ir kam tai skirta.

Antroji pastraipa: išsamiau apie renginį ar paslaugą, programą, dalyvius.

> „Citata: kodėl tai svarbu bibliotekai ir bendruomenei“, – sako (vardas, pavardė, pareigos).

Praktinė informacija: data, laikas, vieta, registracija, kaina.

---

**Apie biblioteką.** {{institution.about}}

**Kontaktai žiniasklaidai:** {{author}}, {{institution}}, el. p. {{author.email}}, tel. {{institution.phone}}');

-- the length limits the platforms set (characters; 0 = none)
CREATE TABLE content_limits (
  kind TEXT PRIMARY KEY,
  max_chars INTEGER NOT NULL,
  max_hashtags INTEGER NOT NULL
);
INSERT INTO content_limits(kind, max_chars, max_hashtags) VALUES
 ('facebook', 63206, 0),
 ('instagram', 2200, 30),
 ('youtube', 5000, 15),
 ('newsletter', 0, 0),
 ('website', 0, 0),
 ('media_distribution', 0, 0),
 ('manual', 0, 0);

-- one adapted version of an item per channel (C3 ChannelVariant)
CREATE TABLE content_variants (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  text TEXT NOT NULL DEFAULT '',
  hashtags TEXT NOT NULL DEFAULT '',
  image_url TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  updated_by BIGINT NOT NULL REFERENCES users(id),
  updated_at BIGINT NOT NULL,
  UNIQUE (item_id, channel_id)
);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('content.view', 'Matyti turinį ir jo juodraščius', 'See content items and their drafts', 'content', 650),
 ('content.edit', 'Rašyti ir taisyti turinį', 'Write and edit content items', 'content', 651),
 ('content.review', 'Kalbos ir stiliaus redagavimas', 'Language and style review', 'content', 652),
 ('content.approve', 'Tvirtinti turinį', 'Approve content items', 'content', 653);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'content.view' FROM roles
  WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'SMM', 'PR', 'EDITOR', 'PHOTO', 'DESIGN', 'EVENT', 'MGMT');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'content.edit' FROM roles WHERE code IN ('HEAD', 'COORD', 'SMM', 'PR', 'EDITOR');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'content.review' FROM roles WHERE code IN ('EDITOR');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'content.approve' FROM roles WHERE code IN ('HEAD');

INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('content.view', 'content.edit', 'content.review', 'content.approve');
