-- 184_documents: stored files, and the internal documents' editing
-- queue (REQUIREMENTS C3 InternalDocumentEditRequest, workflow 5,
-- AC-C3-6).
--
-- files keeps the bytes in the database (BLOB / bytea), so that several
-- app nodes on one PostgreSQL need no shared disk, and a backup of the
-- database is a backup of the files; the SHA-256 is for integrity and
-- duplicates. Sizes are capped by the upload routes (20 MB here).
--
-- A request: STAFF upload a document (.docx, .odt, .txt, .md) with its
-- purpose and due date -> an editor takes it -> returns an edited file
-- with a change summary; the requester is told, and the turnaround
-- (seconds and working days) is kept for the statistics (C17).
-- @sqlite
CREATE TABLE files (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  ctype TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
-- @pg
CREATE TABLE files (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL CHECK (name <> ''),
  ctype TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
-- @both
CREATE INDEX files_inst ON files(institution_id, id);

CREATE TABLE doc_requests (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  title TEXT NOT NULL CHECK (title <> ''),
  purpose TEXT NOT NULL DEFAULT '',
  requester_id BIGINT NOT NULL REFERENCES users(id),
  due_date INTEGER NOT NULL DEFAULT 0,
  original_file_id BIGINT NOT NULL REFERENCES files(id),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'in_editing', 'returned', 'cancelled')),
  editor_id BIGINT REFERENCES users(id),
  edited_file_id BIGINT REFERENCES files(id),
  change_summary TEXT NOT NULL DEFAULT '',
  submitted_at BIGINT NOT NULL,
  returned_at BIGINT NOT NULL DEFAULT 0,
  turnaround_secs BIGINT NOT NULL DEFAULT 0,
  turnaround_workdays INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX doc_requests_inst ON doc_requests(institution_id, status, submitted_at);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('documents.request', 'Teikti vidaus dokumentus redaguoti', 'Send internal documents for editing', 'content', 670),
 ('documents.edit', 'Redaguoti vidaus dokumentus', 'Edit internal documents', 'content', 671);
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'documents.request' FROM roles WHERE code NOT IN ('NETLIB');
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'documents.edit' FROM roles WHERE code IN ('EDITOR', 'COORD');
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('documents.request', 'documents.edit');
