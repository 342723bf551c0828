-- 183_info_publications: information publications (REQUIREMENTS C3
-- InformationPublication, workflow 6, AC-C3-7: brochures, guides,
-- bulletins, annual reports, catalogues, leaflets) with the units'
-- contributions, consultation notes, the layout step and the print
-- record.
--
-- status: collecting (contributions requested) -> layout (sent to the
-- designers; refused while a contribution is still requested unless the
-- head overrides, with the reason kept) -> printed -> distributed.
CREATE TABLE info_publications (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title TEXT NOT NULL CHECK (title <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('brochure', 'guide', 'bulletin', 'annual_report', 'catalogue', 'leaflet')),
  edition TEXT NOT NULL DEFAULT '',
  editor_id BIGINT NOT NULL REFERENCES users(id),
  deadline INTEGER NOT NULL CHECK (deadline BETWEEN 19000101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'collecting' CHECK (status IN ('collecting', 'layout', 'printed', 'distributed')),
  override_by BIGINT REFERENCES users(id),
  override_reason TEXT NOT NULL DEFAULT '',
  layout_at BIGINT NOT NULL DEFAULT 0,
  print_run INTEGER NOT NULL DEFAULT 0 CHECK (print_run >= 0),
  distribution TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX info_publications_inst ON info_publications(institution_id, status, deadline);

CREATE TABLE info_pub_contributions (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  publication_id BIGINT NOT NULL REFERENCES info_publications(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  what TEXT NOT NULL CHECK (what <> ''),
  assignee_id BIGINT REFERENCES users(id),
  due_date INTEGER NOT NULL CHECK (due_date BETWEEN 19000101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'submitted', 'accepted')),
  item_id BIGINT REFERENCES content_items(id),
  task_id BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (publication_id, department_id, what)
);
CREATE INDEX info_pub_contributions_pub ON info_pub_contributions(publication_id);

CREATE TABLE info_pub_notes (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  publication_id BIGINT NOT NULL REFERENCES info_publications(id),
  department_id BIGINT REFERENCES departments(id),
  note TEXT NOT NULL CHECK (note <> ''),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
