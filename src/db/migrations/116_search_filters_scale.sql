-- 116_search_filters_scale: the filtered candidates (110's department,
-- status and tag) in the shape 115 gave search_candidates -- a tsquery and
-- phrase patterns in, ids with their terms out, the newest 1000, ranked
-- in C (src/search/search.c, st_search_cand_f). SQLite needs nothing: its
-- statement carries the filters.

-- @pg
DROP FUNCTION IF EXISTS search_candidates_f(text, bigint, text, text, bigint, bigint, bigint, text, text);
CREATE FUNCTION search_candidates_f(q tsquery, phrases text, inst bigint, slug text, types text,
                                    t_from bigint, t_to bigint, dept bigint, st text, tag text)
RETURNS TABLE (id bigint, terms text) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT d.id, d.terms FROM search_docs d '
    'WHERE d.tsv @@ $1 '
    'AND ($2 = '''' OR ('' '' || d.words || '' '') LIKE ALL (string_to_array($2, ''|''))) '
    'AND (d.institution_id = $3 OR (d.institution_id = 0 AND (d.scope_slug = '''' OR d.scope_slug = $4))) '
    'AND d.doc_type = ANY(string_to_array($5, '','')) '
    'AND ($6 = 0 OR d.updated_at >= $6) AND ($7 = 0 OR d.updated_at <= $7) '
    'AND ($8 = 0 OR d.department_id = $8) AND ($9 = '''' OR d.status = $9) '
    'AND ($10 = '''' OR strpos(d.tags, '','' || $10 || '','') > 0) '
    'ORDER BY d.id DESC LIMIT 1000'
    USING q, phrases, inst, slug, types, t_from, t_to, dept, st, tag;
END
$fn$;
-- @both
