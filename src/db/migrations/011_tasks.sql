-- 011_tasks: the general task list (REQUIREMENTS C19). Tasks come from
-- people (instructions of the head, the administration, the director
-- general, a department director; action points of a meeting) and from
-- the system (an event's provisioning, an occasion's lead time, a
-- publicity request). Every capability that needs "somebody must do X
-- by Y" writes a row here through src/model/task.c, so each person has
-- one list.
--
-- related_type/related_id: the record the task belongs to ('event',
-- 'occasion', 'booking', ...); no foreign key because the target table
-- depends on the type. dedupe_key: system-generated tasks carry a key
-- ("occasion:12:2027") so a job that runs twice creates the task once.
-- due_date: a plain calendar date YYYYMMDD (X13), 0 = none.

CREATE TABLE tasks (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title TEXT NOT NULL CHECK (title <> ''),
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'head_instruction'
    CHECK (source IN ('head_instruction', 'administration_instruction', 'director_general_instruction',
                      'department_director_instruction', 'meeting_action', 'system_generated')),
  category TEXT NOT NULL DEFAULT '',
  assigned_by BIGINT REFERENCES users(id),
  assignee_id BIGINT REFERENCES users(id),
  department_id BIGINT REFERENCES departments(id),
  related_type TEXT NOT NULL DEFAULT '',
  related_id BIGINT NOT NULL DEFAULT 0,
  due_date INTEGER NOT NULL DEFAULT 0 CHECK (due_date = 0 OR due_date BETWEEN 15830101 AND 99991231),
  priority SMALLINT NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  completion_note TEXT NOT NULL DEFAULT '',
  dedupe_key TEXT,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  completed_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (institution_id, dedupe_key)
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, status, due_date);
CREATE INDEX tasks_inst ON tasks(institution_id, status, due_date);
CREATE INDEX tasks_related ON tasks(institution_id, related_type, related_id);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('tasks.view', 'Matyti užduotis', 'See tasks', 'tasks', 300),
 ('tasks.assign', 'Skirti užduotis kitiems', 'Assign tasks to others', 'tasks', 301);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'tasks.view' FROM roles;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'tasks.assign' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'EVENT', 'MGMT');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('tasks.view', 'tasks.assign');
