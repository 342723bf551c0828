-- 182_placements_site: what the institution placed in other
-- organisations' channels (C4 ExternalPlacement, AC-C4-8), and the
-- register of the website's content with its review cycle (C4
-- SiteContentRecord, workflow 6, AC-C4-5).
CREATE TABLE pub_placements (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  outlet TEXT NOT NULL CHECK (outlet <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('partner_website', 'partner_social', 'professional_press', 'cultural_press',
                                     'event_portal', 'municipality', 'other')),
  item_id BIGINT REFERENCES content_items(id),
  what TEXT NOT NULL CHECK (what <> ''),
  contact TEXT NOT NULL DEFAULT '',
  submitted_on INTEGER NOT NULL CHECK (submitted_on BETWEEN 19000101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'published', 'declined')),
  published_on INTEGER NOT NULL DEFAULT 0,
  issue TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX pub_placements_inst ON pub_placements(institution_id, submitted_on);

CREATE TABLE site_content (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  section TEXT NOT NULL CHECK (section <> ''),
  url TEXT NOT NULL DEFAULT '',
  department_id BIGINT REFERENCES departments(id),
  owner_id BIGINT REFERENCES users(id),
  review_months INTEGER NOT NULL DEFAULT 6 CHECK (review_months BETWEEN 1 AND 36),
  last_reviewed INTEGER NOT NULL DEFAULT 0,
  next_review INTEGER NOT NULL CHECK (next_review BETWEEN 19000101 AND 99991231),
  issues TEXT NOT NULL DEFAULT '',
  reviewed_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX site_content_due ON site_content(institution_id, next_review);
