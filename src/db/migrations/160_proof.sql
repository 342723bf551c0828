-- 160_proof: the institution's proofing dictionary (REQUIREMENTS C3, L5):
-- words its editors add (names like "Petkevičaitės", local place names,
-- brands) that the spell-checker must never flag, for every user of that
-- institution and no other. word_key is the case-folded word (ICU), the
-- unique key and what the checker compares.
CREATE TABLE proof_words (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  word TEXT NOT NULL CHECK (word <> ''),
  word_key TEXT NOT NULL CHECK (word_key <> ''),
  note TEXT NOT NULL DEFAULT '',
  added_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, word_key)
);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('proof.dictionary', 'Tvarkyti kalbos tikrinimo žodyną', 'Maintain the proofing dictionary', 'content', 700);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'proof.dictionary' FROM roles WHERE code IN ('EDITOR', 'COORD');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code = 'proof.dictionary';
