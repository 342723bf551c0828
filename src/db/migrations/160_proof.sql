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

-- House-style rules (C3 StyleRule, L8 "house-style rules configurable"):
-- a word or phrase the institution writes differently, what to write
-- instead and why (e.g. "ko pasekoje" -> "dėl to", VLKK). phrase_key is
-- the phrase's words case-folded, one space apart; the checker reports
-- every occurrence as a style issue. Per language of the text.
CREATE TABLE proof_style_rules (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  lang TEXT NOT NULL DEFAULT 'lt' CHECK (lang IN ('lt', 'en')),
  phrase TEXT NOT NULL CHECK (phrase <> ''),
  phrase_key TEXT NOT NULL CHECK (phrase_key <> ''),
  suggestion TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  added_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (institution_id, lang, phrase_key)
);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('proof.dictionary', 'Tvarkyti kalbos tikrinimo žodyną ir stiliaus taisykles', 'Maintain the proofing dictionary and house-style rules', 'content', 700);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'proof.dictionary' FROM roles WHERE code IN ('EDITOR', 'COORD');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code = 'proof.dictionary';
