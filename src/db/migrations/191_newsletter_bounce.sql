-- 191_newsletter_bounce: bounces that arrive after the SMTP session
-- (VERP, `sklaida newsletter bounce`).
--
-- Each newsletter message leaves with the envelope sender
-- bounces+<token>@<domain of SKLAIDA_MAIL_FROM>; the token is 20 random
-- bytes in hex, and only its hash (BLAKE2b, like the unsubscribe token)
-- is kept here, so the table cannot be used to forge reports. A report
-- for a message records what it said (dsn_status 5.1.1, dsn_action
-- failed | delayed, the diagnostic in error) and when (bounced_at);
-- a permanent one also makes the message 'bounced' and counts on the
-- subscriber exactly like an SMTP-time 5xx.

ALTER TABLE nl_send_log ADD COLUMN bounce_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE nl_send_log ADD COLUMN dsn_status TEXT NOT NULL DEFAULT '';
ALTER TABLE nl_send_log ADD COLUMN dsn_action TEXT NOT NULL DEFAULT '';
ALTER TABLE nl_send_log ADD COLUMN bounced_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX nl_send_log_bounce ON nl_send_log(bounce_hash) WHERE bounce_hash <> '';
