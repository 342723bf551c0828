/*
 * config.c -- installation settings from the environment (systemd's
 * EnvironmentFile in production, see docs/operations.md) with safe
 * defaults; command-line options override some of them in main.c.
 */
#include "../http/req.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *k, const char *def)
{
	const char *v = getenv(k);
	return (v && *v) ? v : def;
}

static int64_t env_int(const char *k, int64_t def)
{
	int64_t v;
	return parse_i64(getenv(k), &v) ? v : def;
}

void config_defaults(void)
{
	memset(&cfg, 0, sizeof cfg);
	cfg.db_url = "sqlite:var/sklaida.db";
	cfg.listen_addr = "127.0.0.1";
	cfg.port = 8080;
	cfg.threads = 2;
	cfg.workers = 1;
	cfg.per_ip_limit = 64;
	cfg.conn_limit = 1024;
	cfg.conn_timeout = 30;
	cfg.conn_memory = 16384;
	cfg.body_cap = 1u << 20;
	cfg.upload_cap = 50u << 20;
	cfg.session_idle = 8 * 3600;
	cfg.session_absolute = 12 * 3600;
	cfg.base_url = "http://127.0.0.1:8080";
	cfg.mail_from = "sklaida@localhost.localdomain";
	cfg.var_dir = "var";
	cfg.mail_dir = "var/mail";
	cfg.log_requests = true;
}

void config_from_env(void)
{
	cfg.var_dir = env("SKLAIDA_VAR", cfg.var_dir);
	static char mail_dir[1024], db_url[1100];
	snprintf(mail_dir, sizeof mail_dir, "%s/mail", cfg.var_dir);
	cfg.mail_dir = env("SKLAIDA_MAIL_DIR", mail_dir);
	snprintf(db_url, sizeof db_url, "sqlite:%s/sklaida.db", cfg.var_dir);
	cfg.db_url = env("SKLAIDA_DB", db_url);
	cfg.listen_addr = env("SKLAIDA_LISTEN", cfg.listen_addr);
	cfg.port = (int)env_int("SKLAIDA_PORT", cfg.port);
	cfg.threads = (int)env_int("SKLAIDA_THREADS", cfg.threads);
	cfg.workers = (int)env_int("SKLAIDA_WORKERS", cfg.workers);
	cfg.per_ip_limit = (int)env_int("SKLAIDA_PER_IP_LIMIT", cfg.per_ip_limit);
	cfg.conn_limit = (int)env_int("SKLAIDA_CONN_LIMIT", cfg.conn_limit);
	cfg.conn_timeout = (int)env_int("SKLAIDA_CONN_TIMEOUT", cfg.conn_timeout);
	cfg.conn_memory = (size_t)env_int("SKLAIDA_CONN_MEMORY", (int64_t)cfg.conn_memory);
	if (cfg.conn_memory < 8192)
		cfg.conn_memory = 8192;
	cfg.session_idle = env_int("SKLAIDA_SESSION_IDLE", cfg.session_idle);
	cfg.session_absolute = env_int("SKLAIDA_SESSION_ABSOLUTE", cfg.session_absolute);
	cfg.base_url = env("SKLAIDA_BASE_URL", cfg.base_url);
	cfg.smtp_url = env("SKLAIDA_SMTP_URL", NULL);
	cfg.smtp_user = env("SKLAIDA_SMTP_USER", NULL);
	cfg.smtp_pass = env("SKLAIDA_SMTP_PASS", NULL);
	cfg.smtp_plain = str_eq(env("SKLAIDA_SMTP_TLS", "required"), "none");
	cfg.mail_from = env("SKLAIDA_MAIL_FROM", cfg.mail_from);
	cfg.secure_cookies = str_eq(env("SKLAIDA_SECURE_COOKIES", "0"), "1");
	cfg.trust_proxy = str_eq(env("SKLAIDA_TRUST_PROXY", "0"), "1");
	cfg.log_requests = !str_eq(env("SKLAIDA_LOG_REQUESTS", "1"), "0");
	cfg.body_cap = (size_t)env_int("SKLAIDA_BODY_CAP", (int64_t)cfg.body_cap);
	cfg.upload_cap = (size_t)env_int("SKLAIDA_UPLOAD_CAP", (int64_t)cfg.upload_cap);
}
