-- 070_registrations: registration for events (REQUIREMENTS C8, S8, X-rules
-- on personal data).
--
-- A registration is for one occurrence of an event: event_id + occurs_at
-- (the occurrence's start, unix seconds). event_occurrences rows are
-- rewritten when an event is edited, so they are not referenced by id.
--
-- status: confirmed (holds its places), waitlisted (in order of id),
-- offered (a freed place is held for it until offer_expires; accepting
-- makes it confirmed), cancelled, expired (the offer ran out).
-- token_hash: SHA-256 of the secret link in the confirmation mail (the
-- visitor's page to see and cancel it); offer_hash: of the link in the
-- offer mail. Only hashes are stored.
-- Capacity is events.capacity per occurrence (0 = unlimited); places of
-- online attendees of a hybrid event do not count against it.
--
-- event_reg_settings: per event, whether it takes registrations (with no
-- row: when its capacity is set), which attendance modes the form offers
-- (in_person / online / hybrid; default in_person, online for the
-- "virtual" type) and how long an offer to the waitlist holds (hours).
-- event_attendance: head counts on the day, per occurrence.

CREATE TABLE registrations (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  occurs_at BIGINT NOT NULL,
  name TEXT NOT NULL CHECK (name <> ''),
  email TEXT NOT NULL CHECK (email <> ''),
  phone TEXT NOT NULL DEFAULT '',
  places INTEGER NOT NULL CHECK (places >= 1 AND places <= 100),
  mode TEXT NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'online')),
  lang TEXT NOT NULL DEFAULT 'lt',
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')),
  token_hash TEXT NOT NULL UNIQUE,
  offer_hash TEXT UNIQUE,
  offer_expires BIGINT NOT NULL DEFAULT 0,
  consent_at BIGINT NOT NULL,
  photo_ack SMALLINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  updated_at BIGINT NOT NULL DEFAULT {{NOW}},
  cancelled_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX registrations_event ON registrations(event_id, occurs_at, status, id);
CREATE INDEX registrations_inst ON registrations(institution_id, event_id);
CREATE INDEX registrations_offers ON registrations(status, offer_expires);

CREATE TABLE event_reg_settings (
  event_id BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  enabled SMALLINT NOT NULL DEFAULT 1,
  modes TEXT NOT NULL DEFAULT 'in_person' CHECK (modes IN ('in_person', 'online', 'hybrid')),
  offer_hours INTEGER NOT NULL DEFAULT 24 CHECK (offer_hours >= 1 AND offer_hours <= 168)
);

CREATE TABLE event_attendance (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  occurs_at BIGINT NOT NULL,
  in_person INTEGER NOT NULL DEFAULT 0 CHECK (in_person >= 0),
  online INTEGER NOT NULL DEFAULT 0 CHECK (online >= 0),
  recorded_by BIGINT REFERENCES users(id),
  recorded_at BIGINT NOT NULL DEFAULT {{NOW}},
  UNIQUE (event_id, occurs_at)
);
