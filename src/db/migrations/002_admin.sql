-- 002_admin: indexes for the administration pages and the JSON API.
-- The audit log viewer pages newest first by id inside one institution
-- (keyset pagination) and filters by actor; the installation-wide viewer
-- pages by id alone (the primary key).

CREATE INDEX audit_log_inst_id ON audit_log(institution_id, id);
CREATE INDEX audit_log_actor ON audit_log(actor_user_id, id);
CREATE INDEX memberships_dept ON memberships(department_id);
CREATE INDEX api_tokens_user_live ON api_tokens(user_id, revoked_at);
