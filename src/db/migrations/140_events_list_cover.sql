-- 140_events_list_cover: the public events list (model/event.c,
-- st_occ_keys) answered from indexes alone. event_occ_list gains ends_at
-- (so the occurrence row is not read), and events_keys holds what the
-- list filters on and what identifies a row's version (so the event row
-- is not read either; the list items themselves are remembered per
-- version, pages/events_public.c).
DROP INDEX event_occ_list;
CREATE INDEX event_occ_list ON event_occurrences(institution_id, starts_at, event_id, ends_at);
CREATE INDEX events_keys ON events(id, institution_id, state, is_public, type, space_name, department_id, audience,
                                   all_day, version, created_at, updated_at);
