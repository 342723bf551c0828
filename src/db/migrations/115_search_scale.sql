-- 115_search_scale: the search index at a million documents (issue 5,
-- "Fast at scale"; src/search/search.c, bench/SEARCH_RESULTS.md).
--
-- PostgreSQL: the tsvector had positions (for phrases), and GIN does not
-- store positions, so a phrase query read and rechecked the tsvector of
-- every row holding all its words (852 ms at 100,000 documents). It is
-- now position-free and made of
--   t        every term of the terms column (word matches, prefixes),
--   >w       every folded surface form of the words column (a one-word
--            "phrase": exact but for case and diacritics),
--   w1/w2    every pair of adjacent folded surface forms (phrases: a
--            two-word phrase is one exact lexeme; a longer one is its
--            pairs, rechecked against the words column with LIKE),
-- so that every query is answered from the GIN index with no recheck but
-- the long phrases'. search_candidates returns the newest 1000 matches
-- with their terms; search.c ranks them (the same ranking as on SQLite).
-- SQLite keeps its FTS5 table (positions are in its index).

-- @pg
DROP INDEX IF EXISTS search_docs_tsv;
ALTER TABLE search_docs DROP COLUMN tsv;
ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (array_to_tsvector(array_remove(string_to_array(
     terms || ' ' ||
     regexp_replace(words, '(\S+)', '>\1', 'g') || ' ' ||
     regexp_replace(words, '(\S+) (\S+)', '\1/\2', 'g') || ' ' ||
     regexp_replace(substr(words, strpos(words, ' ') + 1), '(\S+) (\S+)', '\1/\2', 'g'),
   ' '), ''))) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- A row (texts, terms, tsvector) is 2-4 kB: keep it in the heap page
-- rather than moving the tsvector to TOAST (the default target, 2 kB,
-- did), so that a candidate costs one page read, not a TOAST lookup too.
ALTER TABLE search_docs SET (toast_tuple_target = 4080);
-- The planner picks GIN (rare terms, phrase pairs) or the backward walk
-- of the primary key (frequent terms) from the lexeme statistics; with
-- the default target a lexeme it had not sampled was estimated at 1.5%
-- of the rows and a word in 10 documents of a million walked them all
-- (12 s). 1000 keeps the 10,000 most common lexemes from 300,000 rows.
ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS 1000;
DROP FUNCTION IF EXISTS search_candidates(text, bigint, text, text, bigint, bigint);
-- q: the compiled query; phrases: '|'-separated LIKE patterns on
-- ' ' || words || ' ' ('' = none). Dynamic SQL so that each call is
-- planned with the query's own term frequencies: a frequent term walks
-- the primary key backwards and stops after 1000 matches, a rare one (or
-- a phrase pair) uses the GIN index.
CREATE FUNCTION search_candidates(q tsquery, phrases text, inst bigint, slug text, types text,
                                  t_from bigint, t_to bigint)
RETURNS TABLE (id bigint, terms text) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT d.id, d.terms FROM search_docs d '
    'WHERE d.tsv @@ $1 '
    'AND ($2 = '''' OR ('' '' || d.words || '' '') LIKE ALL (string_to_array($2, ''|''))) '
    'AND (d.institution_id = $3 OR (d.institution_id = 0 AND (d.scope_slug = '''' OR d.scope_slug = $4))) '
    'AND d.doc_type = ANY(string_to_array($5, '','')) '
    'AND ($6 = 0 OR d.updated_at >= $6) AND ($7 = 0 OR d.updated_at <= $7) '
    'ORDER BY d.id DESC LIMIT 1000'
    USING q, phrases, inst, slug, types, t_from, t_to;
END
$fn$;
