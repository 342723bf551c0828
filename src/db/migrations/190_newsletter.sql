-- 190_newsletter: the newsletter (C4 Subscriber, MailingList, Newsletter;
-- S8 point 5, ERĮ 69) and media distribution (C4 MediaDistribution).
--
-- A subscriber's consent is the consent text's version, the time, the
-- source (the public form) and the double opt-in's confirmation time;
-- only confirmed, not unsubscribed, not suppressed subscribers are ever
-- sent to. The salutation is stored as the subscriber typed it (L9).

-- the sender identity every message carries (ERĮ 69(3)) and the bounce limit
CREATE TABLE nl_settings (
  institution_id BIGINT PRIMARY KEY REFERENCES institutions(id),
  sender_name TEXT NOT NULL DEFAULT '',
  sender_postal TEXT NOT NULL DEFAULT '',
  sender_email TEXT NOT NULL DEFAULT '',
  bounce_limit INTEGER NOT NULL DEFAULT 3 CHECK (bounce_limit BETWEEN 1 AND 100),
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);

-- versioned consent texts (X15): a new version is a new row
CREATE TABLE nl_consent_texts (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  text_lt TEXT NOT NULL CHECK (text_lt <> ''),
  text_en TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, version)
);

CREATE TABLE nl_lists (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  public SMALLINT NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
  created_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX nl_lists_inst ON nl_lists(institution_id);

CREATE TABLE nl_subscribers (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  email TEXT NOT NULL CHECK (email <> ''),
  name TEXT NOT NULL DEFAULT '',
  salutation TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'lt' CHECK (lang IN ('lt', 'en')),
  consent_at BIGINT NOT NULL DEFAULT 0,
  consent_source TEXT NOT NULL DEFAULT '',
  consent_version INTEGER NOT NULL DEFAULT 0,
  confirm_hash TEXT NOT NULL DEFAULT '',
  confirm_sent_at BIGINT NOT NULL DEFAULT 0,
  confirmed_at BIGINT NOT NULL DEFAULT 0,
  unsubscribed_at BIGINT NOT NULL DEFAULT 0,
  bounces INTEGER NOT NULL DEFAULT 0,
  suppressed_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, email)
);
CREATE INDEX nl_subscribers_confirm ON nl_subscribers(confirm_hash);

CREATE TABLE nl_subscriptions (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  subscriber_id BIGINT NOT NULL REFERENCES nl_subscribers(id),
  list_id BIGINT NOT NULL REFERENCES nl_lists(id),
  pending SMALLINT NOT NULL DEFAULT 1 CHECK (pending IN (0, 1)),   -- until the double opt-in
  PRIMARY KEY (subscriber_id, list_id)
);
CREATE INDEX nl_subscriptions_list ON nl_subscriptions(list_id, subscriber_id);

-- an issue: blocks are content items in order; sent to lists
CREATE TABLE nl_issues (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  number INTEGER NOT NULL,
  subject_lt TEXT NOT NULL CHECK (subject_lt <> ''),
  subject_en TEXT NOT NULL DEFAULT '',
  intro TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'sending', 'sent')),
  scheduled_at BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL DEFAULT 0,
  finished_at BIGINT NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  bounced INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, number)
);

CREATE TABLE nl_issue_lists (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  issue_id BIGINT NOT NULL REFERENCES nl_issues(id),
  list_id BIGINT NOT NULL REFERENCES nl_lists(id),
  PRIMARY KEY (issue_id, list_id)
);

CREATE TABLE nl_issue_blocks (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  issue_id BIGINT NOT NULL REFERENCES nl_issues(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  pos INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (issue_id, item_id)
);

-- one row per issue and subscriber: 'sending' is written (with the
-- message's unsubscribe token, hashed) before the message leaves, the
-- outcome right after; a re-run skips every row that is not 'sending'
CREATE TABLE nl_send_log (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  issue_id BIGINT NOT NULL REFERENCES nl_issues(id),
  subscriber_id BIGINT NOT NULL REFERENCES nl_subscribers(id),
  email TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed', 'bounced')),
  unsub_hash TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  sent_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (issue_id, subscriber_id)
);
CREATE INDEX nl_send_log_unsub ON nl_send_log(unsub_hash);

-- media distribution: a press release to a contact list, one message per person
CREATE TABLE md_distributions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  list_id BIGINT NOT NULL REFERENCES contact_lists(id),
  subject TEXT NOT NULL CHECK (subject <> ''),
  intro TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent')),
  total INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  skipped_dnc INTEGER NOT NULL DEFAULT 0,
  skipped_noemail INTEGER NOT NULL DEFAULT 0,
  followup_task_id BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  finished_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX md_distributions_inst ON md_distributions(institution_id, created_at);

CREATE TABLE md_recipients (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  dist_id BIGINT NOT NULL REFERENCES md_distributions(id),
  person_id BIGINT NOT NULL REFERENCES contact_people(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  salutation TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  error TEXT NOT NULL DEFAULT '',
  sent_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (dist_id, person_id)
);

CREATE TABLE md_coverage (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  dist_id BIGINT NOT NULL REFERENCES md_distributions(id),
  outlet TEXT NOT NULL CHECK (outlet <> ''),
  url TEXT NOT NULL CHECK (url <> ''),
  added_by BIGINT REFERENCES users(id),
  added_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX md_coverage_dist ON md_coverage(dist_id);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('newsletter.manage', 'Tvarkyti naujienlaiškį ir jo prenumeratorius', 'Manage the newsletter and its subscribers', 'content', 670),
 ('media.distribute', 'Siųsti pranešimus žiniasklaidai', 'Send press releases to the media', 'content', 671);
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'newsletter.manage' FROM roles WHERE code IN ('HEAD', 'COORD', 'PR');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'media.distribute' FROM roles WHERE code IN ('HEAD', 'COORD', 'PR');
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('newsletter.manage', 'media.distribute');
