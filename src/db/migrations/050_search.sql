-- 050_search: one search index over every record type (REQUIREMENTS X7,
-- src/search/). search_docs holds one row per indexed record; the words
-- and terms columns are produced by our analyzer in C
-- (src/search/analyze.c), so both databases index the same terms:
--   words  the folded surface form of each word, one per position: used
--          for exact phrases ("...") and prefixes;
--   terms  every term of every word (surface, Snowball and hunspell
--          stems): used for ordinary word matches.
-- institution_id 0 = shared by every institution; scope_slug, when set,
-- narrows a shared row to the institution with that slug (like
-- occasion_rules.seed_slug). SQLite: an external-content FTS5 table kept
-- in step by triggers; PostgreSQL: a generated tsvector (words weight A,
-- terms weight B; || keeps their positions apart) with a GIN index.

CREATE TABLE search_docs (
  id {{ID}},
  institution_id BIGINT NOT NULL DEFAULT 0,
  scope_slug TEXT NOT NULL DEFAULT '',
  doc_type TEXT NOT NULL,
  doc_id BIGINT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  words TEXT NOT NULL DEFAULT '',
  terms TEXT NOT NULL DEFAULT '',
  UNIQUE (institution_id, doc_type, doc_id)
);
CREATE INDEX search_docs_scope ON search_docs(institution_id, doc_type, updated_at);

-- @sqlite
CREATE VIRTUAL TABLE search_fts USING fts5(words, terms, content='search_docs', content_rowid='id',
  tokenize='unicode61 remove_diacritics 0', prefix='2 3');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts(rowid, words, terms) VALUES (new.id, new.words, new.terms);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, words, terms) VALUES ('delete', old.id, old.words, old.terms);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, words, terms) VALUES ('delete', old.id, old.words, old.terms);
  INSERT INTO search_fts(rowid, words, terms) VALUES (new.id, new.words, new.terms);
END;
-- @pg
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (setweight(to_tsvector('simple'::regconfig, words), 'A') ||
   setweight(to_tsvector('simple'::regconfig, terms), 'B')) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- The bounded candidate set (src/search/search.c), as dynamic SQL so that
-- each call is planned with the query's own term frequencies: a frequent
-- word walks the primary key backwards and stops after 1000 matches, a
-- rare one uses the GIN index (a cached generic plan of a prepared
-- statement would always take the GIN index and sort every match).
CREATE FUNCTION search_candidates(q text, inst bigint, slug text, types text, t_from bigint, t_to bigint)
RETURNS TABLE (id bigint, score real) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT d.id, ts_rank(d.tsv, to_tsquery(''simple'', $1)) FROM search_docs d '
    'WHERE d.tsv @@ to_tsquery(''simple'', $1) '
    'AND (d.institution_id = $2 OR (d.institution_id = 0 AND (d.scope_slug = '''' OR d.scope_slug = $3))) '
    'AND d.doc_type = ANY(string_to_array($4, '','')) '
    'AND ($5 = 0 OR d.updated_at >= $5) AND ($6 = 0 OR d.updated_at <= $6) '
    'ORDER BY d.id DESC LIMIT 1000'
    USING q, inst, slug, types, t_from, t_to;
END
$fn$;
-- @both

-- occasion rules become searchable by everyone who may see them
INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('occasions.view', 'Matyti progas ir atmintinas dienas', 'See occasions', 'planning', 200)
 ON CONFLICT DO NOTHING;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'occasions.view' FROM roles WHERE true ON CONFLICT DO NOTHING;
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code = 'occasions.view' WHERE true ON CONFLICT DO NOTHING;
