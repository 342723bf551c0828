-- 130_publicity: publicity requests from departments, the coordinator's
-- triage, per-request communication plans and the register of the
-- departments' recurring publicity needs (REQUIREMENTS C2).
--
-- Dates (window_from, window_to, must_by, submitted_on, item_date) are
-- plain calendar dates YYYYMMDD (X13), 0 = not given. lead_days is the
-- number of working days from the day after submission up to and
-- including window_from, counted when the request was sent (S1
-- holidays); below pub_settings.min_lead_days the requester gave
-- short_reason.
--
-- Request states: submitted -> accepted | returned | merged | planned;
-- return_pending is an "instructed by management" request the
-- coordinator wants to return: the head confirms (-> returned) or
-- refuses (-> submitted) (AC-C2-4). accepted -> planned when its
-- communication plan is approved.
--
-- pub_channels: the institution's channels as data (S6); the defaults
-- come with the institution (migration 131).

CREATE TABLE pub_settings (
  institution_id BIGINT PRIMARY KEY REFERENCES institutions(id),
  min_lead_days INTEGER NOT NULL DEFAULT 10 CHECK (min_lead_days BETWEEN 0 AND 120),
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);

CREATE TABLE pub_channels (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('website', 'facebook', 'instagram', 'youtube', 'newsletter',
                                     'media_distribution', 'manual')),
  name_lt TEXT NOT NULL CHECK (name_lt <> ''),
  name_en TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1,
  UNIQUE (institution_id, code)
);

CREATE TABLE pub_requests (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  requester_id BIGINT NOT NULL REFERENCES users(id),
  department_id BIGINT REFERENCES departments(id),
  event_id BIGINT NOT NULL DEFAULT 0,
  title TEXT NOT NULL CHECK (title <> ''),
  description TEXT NOT NULL DEFAULT '',
  window_from INTEGER NOT NULL CHECK (window_from BETWEEN 15830101 AND 99991231),
  window_to INTEGER NOT NULL CHECK (window_to BETWEEN 15830101 AND 99991231),
  must_by INTEGER NOT NULL DEFAULT 0,
  audiences TEXT NOT NULL DEFAULT '',
  instructed SMALLINT NOT NULL DEFAULT 0,
  instructed_by TEXT NOT NULL DEFAULT '',
  submitted_on INTEGER NOT NULL,
  lead_days INTEGER NOT NULL,
  short_reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'accepted', 'return_pending', 'returned', 'merged', 'planned', 'cancelled')),
  return_reason TEXT NOT NULL DEFAULT '',
  merged_into BIGINT NOT NULL DEFAULT 0,
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX pub_requests_inst ON pub_requests(institution_id, status, window_from);
CREATE INDEX pub_requests_requester ON pub_requests(requester_id);

CREATE TABLE pub_request_channels (
  request_id BIGINT NOT NULL REFERENCES pub_requests(id),
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  PRIMARY KEY (request_id, channel_id)
);

-- one plan per request; status draft -> approved
CREATE TABLE pub_plans (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  request_id BIGINT NOT NULL REFERENCES pub_requests(id),
  title TEXT NOT NULL CHECK (title <> ''),
  target_groups TEXT NOT NULL DEFAULT '',
  budget_eur BIGINT NOT NULL DEFAULT 0 CHECK (budget_eur >= 0),
  budget_note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
  approved_by BIGINT REFERENCES users(id),
  approved_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (request_id)
);
CREATE INDEX pub_plans_inst ON pub_plans(institution_id, status);

CREATE TABLE pub_plan_goals (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  plan_id BIGINT NOT NULL REFERENCES pub_plans(id),
  goal TEXT NOT NULL CHECK (goal <> ''),
  kpi TEXT NOT NULL CHECK (kpi <> ''),
  target BIGINT NOT NULL CHECK (target >= 0)
);
CREATE INDEX pub_plan_goals_plan ON pub_plan_goals(plan_id);

CREATE TABLE pub_plan_messages (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  plan_id BIGINT NOT NULL REFERENCES pub_plans(id),
  text_lt TEXT NOT NULL CHECK (text_lt <> ''),
  text_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pub_plan_messages_plan ON pub_plan_messages(plan_id);

-- the per-channel schedule; task_id is the owner's task once approved
CREATE TABLE pub_plan_items (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  plan_id BIGINT NOT NULL REFERENCES pub_plans(id),
  channel_id BIGINT NOT NULL REFERENCES pub_channels(id),
  item_date INTEGER NOT NULL CHECK (item_date BETWEEN 15830101 AND 99991231),
  what TEXT NOT NULL CHECK (what <> ''),
  owner_id BIGINT NOT NULL REFERENCES users(id),
  task_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX pub_plan_items_plan ON pub_plan_items(plan_id, item_date);
CREATE INDEX pub_plan_items_inst ON pub_plan_items(institution_id, item_date);

-- the register of recurring needs (D3-1.2.1); rrule is RFC 5545 (FREQ=YEARLY;BYMONTH=9)
CREATE TABLE pub_needs (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  department_id BIGINT REFERENCES departments(id),
  subject TEXT NOT NULL CHECK (subject <> ''),
  description TEXT NOT NULL DEFAULT '',
  rrule TEXT NOT NULL CHECK (rrule <> ''),
  first_date INTEGER NOT NULL CHECK (first_date BETWEEN 15830101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'retired')),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX pub_needs_inst ON pub_needs(institution_id, status);

-- information-support requests of units running state programmes,
-- projects or international activity (D0-F9, AC-C2-7): open -> assigned -> closed
CREATE TABLE pub_support (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  department_id BIGINT REFERENCES departments(id),
  programme TEXT NOT NULL CHECK (programme <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('text', 'translation', 'presentation', 'promo', 'directory')),
  details TEXT NOT NULL DEFAULT '',
  due_date INTEGER NOT NULL CHECK (due_date BETWEEN 15830101 AND 99991231),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'closed')),
  assignee_id BIGINT REFERENCES users(id),
  task_id BIGINT NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  closed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX pub_support_inst ON pub_support(institution_id, status, due_date);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('publicity.request', 'Teikti viešinimo prašymus', 'Submit publicity requests', 'publicity', 600),
 ('publicity.manage', 'Tvarkyti viešinimo prašymus ir komunikacijos planus', 'Handle publicity requests and communication plans', 'publicity', 601),
 ('publicity.approve', 'Tvirtinti komunikacijos planus', 'Approve communication plans', 'publicity', 602),
 ('publicity.confirm', 'Patvirtinti vadovybės pavesto prašymo grąžinimą', 'Confirm returning a request instructed by management', 'publicity', 603);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'publicity.request' FROM roles WHERE code <> 'NETLIB';
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'publicity.manage' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'PR');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'publicity.approve' FROM roles WHERE code IN ('HEAD', 'COORD');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'publicity.confirm' FROM roles WHERE code IN ('HEAD');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('publicity.request', 'publicity.manage', 'publicity.approve',
                                                     'publicity.confirm');
