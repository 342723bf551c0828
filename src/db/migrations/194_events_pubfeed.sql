-- 194_events_pubfeed: the iCalendar feed's own index. The feed reads
-- every published public series of an institution on each request (about
-- a hundred rows in the demo; perf put two thirds of an uncached
-- events.ics in this scan). A partial index holds only the rows the feed
-- can return, keyed in the feed's order right after the institution, and
-- without updated_at, which the feed no longer reads (the version moves
-- with every update): the same scan costs a tenth less server time.
-- It replaces events_feed (migration 100): the planner preferred that one
-- for its three equality columns, and the Atom feed's and the network
-- calendar's queries (the same two conditions) are served by this one.
-- state and is_public trail the key although every entry has the same
-- two values: SQLite 3.40 uses a partial index as covering only when it
-- holds every column the query names, its WHERE's included.
CREATE INDEX events_pubfeed ON events(institution_id, last_ends_at, id, version, created_at, state, is_public)
WHERE state = 'published' AND is_public = 1;
DROP INDEX events_feed;
