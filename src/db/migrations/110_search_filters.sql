-- 110_search_filters: the search filters of X7 beyond type and date
-- (src/search/search_records.c): the department a document belongs to
-- (0 = none), its status code as the record stores it ('' = none) and its
-- tags folded like search words (lower case, no diacritics) between commas,
-- ",tag one,tag two," ('' = none), so that a tag filter is one substring
-- test. Written by search_index_put_ex after the document itself.

ALTER TABLE search_docs ADD COLUMN department_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE search_docs ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
CREATE INDEX search_docs_dept ON search_docs(institution_id, department_id);
CREATE INDEX search_docs_status ON search_docs(institution_id, status);

-- @pg
-- search_candidates (050) with the three filters: used only when one of
-- them is set, so the unfiltered query keeps its own plan.
CREATE FUNCTION search_candidates_f(q text, inst bigint, slug text, types text, t_from bigint, t_to bigint,
                                    dept bigint, st text, tag text)
RETURNS TABLE (id bigint, score real) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT d.id, ts_rank(d.tsv, to_tsquery(''simple'', $1)) FROM search_docs d '
    'WHERE d.tsv @@ to_tsquery(''simple'', $1) '
    'AND (d.institution_id = $2 OR (d.institution_id = 0 AND (d.scope_slug = '''' OR d.scope_slug = $3))) '
    'AND d.doc_type = ANY(string_to_array($4, '','')) '
    'AND ($5 = 0 OR d.updated_at >= $5) AND ($6 = 0 OR d.updated_at <= $6) '
    'AND ($7 = 0 OR d.department_id = $7) AND ($8 = '''' OR d.status = $8) '
    'AND ($9 = '''' OR strpos(d.tags, '','' || $9 || '','') > 0) '
    'ORDER BY d.id DESC LIMIT 1000'
    USING q, inst, slug, types, t_from, t_to, dept, st, tag;
END
$fn$;
-- @both
