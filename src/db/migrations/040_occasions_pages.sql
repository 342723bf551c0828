-- 040_occasions_pages: permissions of the occasions register pages
-- (src/pages/occasions.c) and the private ICS feed tokens.
--
-- occasion_feed_tokens: one row per issued private feed link. Only the
-- SHA-256 hex of the token is stored (like api_tokens); revoked_at > 0
-- ends it. A user has at most one live token per institution (the page
-- revokes the old one when it issues a new one).

CREATE TABLE occasion_feed_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL DEFAULT {{NOW}},
  revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX occasion_feed_tokens_user ON occasion_feed_tokens(user_id, institution_id, revoked_at);

INSERT INTO permissions(code, name_lt, name_en, area, sort) VALUES
 ('occasions.view', 'Matyti progų ir renginių kalendorių', 'See the occasions register', 'occasions', 400),
 ('occasions.propose', 'Siūlyti progas', 'Propose occasions', 'occasions', 401),
 ('occasions.manage', 'Tvarkyti progų kalendorių', 'Manage the occasions register', 'occasions', 402);

INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'occasions.view' FROM roles;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'occasions.propose' FROM roles;
INSERT INTO role_permission_defaults(role_code, perm_code)
  SELECT code, 'occasions.manage' FROM roles WHERE code IN ('ADMIN', 'HEAD', 'COORD', 'PR', 'EDITOR', 'MGMT');

-- institutions that exist already get the same defaults
INSERT INTO role_permissions(institution_id, role_code, perm_code)
  SELECT i.id, d.role_code, d.perm_code FROM institutions i
  JOIN role_permission_defaults d ON d.perm_code IN ('occasions.view', 'occasions.propose', 'occasions.manage');
