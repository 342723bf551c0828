-- 195_content_newsfeed: the newsroom's own index, as events_pubfeed
-- (migration 194) is the calendar's. The news list and its feeds read the
-- newest items out on the newsroom on every request; content_newsroom
-- (migration 180) keys them under three equality columns that every
-- newsroom row shares. A partial index holds only the rows that are on
-- the newsroom, keyed by the institution and then in the list's order,
-- with what the list filters on behind. status and withdrawn_at trail
-- the key because SQLite 3.40 takes a partial index as covering only
-- when it holds every column the query names.
CREATE INDEX content_newsfeed ON content_items(institution_id, newsroom_at, id, row_version, embargo_at, type, status,
                                               withdrawn_at)
WHERE status = 'published' AND withdrawn_at = 0 AND newsroom_at > 0;
DROP INDEX content_newsroom;
