-- 185_rubrics: recurring series of posts (REQUIREMENTS C5 Rubric,
-- workflow 2, as issue 4 asks): a rubric ("Penktadienio knyga", every
-- Friday at 10:00 on the library's Facebook) keeps its slots made for
-- horizon_days ahead (90 by default), each slot a draft text of the
-- rubric's owner, and shows on the content calendar.
CREATE TABLE pub_rubrics (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  target_groups TEXT NOT NULL DEFAULT '',
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  rrule TEXT NOT NULL CHECK (rrule <> ''),
  at_minute INTEGER NOT NULL DEFAULT 600 CHECK (at_minute BETWEEN 0 AND 1439),
  hashtags TEXT NOT NULL DEFAULT '',
  owner_id BIGINT NOT NULL REFERENCES users(id),
  starts_on INTEGER NOT NULL CHECK (starts_on BETWEEN 19000101 AND 99991231),
  ends_on INTEGER NOT NULL DEFAULT 0,
  horizon_days INTEGER NOT NULL DEFAULT 90 CHECK (horizon_days BETWEEN 7 AND 366),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX pub_rubrics_inst ON pub_rubrics(institution_id, status);

CREATE TABLE pub_rubric_slots (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  rubric_id BIGINT NOT NULL REFERENCES pub_rubrics(id),
  slot_at BIGINT NOT NULL,
  item_id BIGINT NOT NULL REFERENCES content_items(id),
  UNIQUE (rubric_id, slot_at)
);
CREATE INDEX pub_rubric_slots_inst ON pub_rubric_slots(institution_id, slot_at);
