#!/usr/bin/env bash
# tests/lib/pg.sh -- a throwaway PostgreSQL 15 cluster for the test-suite.
#
#   tests/lib/pg.sh start DIR PORT    -> prints postgres://sklaida@127.0.0.1:PORT
#   tests/lib/pg.sh createdb NAME [PORT]
#                                     -> prints postgres://sklaida@127.0.0.1:PORT/NAME
#   tests/lib/pg.sh stop DIR
#
# Or source it and call pg_start / pg_createdb / pg_stop (same arguments);
# pg_start then also exports SK_PG_DIR, SK_PG_PORT and SK_PG_URL.
#
# Layout: DIR/data is the cluster (initdb), DIR/server.log its log, and the
# unix socket lives in DIR itself. The server listens on 127.0.0.1:PORT only
# and trusts every local connection: it is a test cluster, never a real one.
# fsync=off (an OS crash may corrupt it, a postgres crash may not, so the
# "kill -9 / pg_ctl stop -m immediate" durability tests still hold because
# synchronous_commit stays on).
#
# `createdb` finds the port in its argument, else $SK_PG_PORT, else in the
# state file written by the last `start` ($SK_PG_STATE, default
# ${TMPDIR:-/tmp}/sklaida-pg-<uid>.env), so the runner can call the script
# as separate processes.
#
# PostgreSQL refuses to run as root: as uid 0 the server-side tools run via
# `runuser -u postgres --` and DIR is chowned to postgres. Clients (psql,
# pg_isready) run as whoever we are and connect over TCP as role postgres
# (or sklaida).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_TIMEOUT=${PG_TIMEOUT:-30}
PG_STATE=${SK_PG_STATE:-${TMPDIR:-/tmp}/sklaida-pg-$(id -u).env}
PG_MARK=.sklaida-test-cluster   # DIR is only wiped when it carries this mark

pg__err() { printf 'pg.sh: %s\n' "$*" >&2; }

# Runs a server-side tool as a user PostgreSQL accepts.
pg__srv() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg__psql() { # PORT DB SQL -- as the bootstrap superuser, stop on error
	PGOPTIONS='-c client_min_messages=warning' \
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"
}

pg__check_port() {
	case "$1" in
	'' | *[!0-9]*) pg__err "bad port '$1'"; return 1 ;;
	esac
	if [ "$1" -lt 1024 ] || [ "$1" -gt 65535 ]; then
		pg__err "port $1 out of range (1024-65535)"
		return 1
	fi
}

pg__dump_log() {
	if [ -f "$1/server.log" ]; then
		pg__err "---- $1/server.log (last 60 lines) ----"
		tail -n 60 "$1/server.log" >&2
		pg__err "---- end of log ----"
	fi
}

# pg_stop DIR: fast shutdown; quiet success when nothing runs there.
pg_stop() {
	local dir=${1:?usage: pg_stop DIR}
	[ -f "$dir/data/postmaster.pid" ] || return 0
	# status 3: the pid file is stale (postmaster killed, machine rebooted)
	local st=0
	pg__srv "$PG_BIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1 || st=$?
	[ "$st" -eq 0 ] || return 0
	if ! pg__srv "$PG_BIN/pg_ctl" stop -D "$dir/data" -m fast -w -t "$PG_TIMEOUT" >/dev/null 2>&1; then
		# a stuck server must not block the next run
		pg__srv "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w -t 10 >/dev/null 2>&1 || {
			pg__err "cannot stop the server in $dir"
			pg__dump_log "$dir"
			return 1
		}
	fi
}

# Removes a stale cluster from an earlier run; refuses to wipe a
# directory this script did not create.
pg__wipe() {
	local dir=$1
	[ -e "$dir" ] || return 0
	if [ -n "$(ls -A "$dir" 2>/dev/null)" ] && [ ! -e "$dir/$PG_MARK" ]; then
		pg__err "$dir exists and is not a test cluster made by pg.sh; not touching it"
		return 1
	fi
	pg_stop "$dir" || return 1
	rm -rf "$dir" || return 1
}

pg_start() {
	local dir=${1:?usage: pg_start DIR PORT} port=${2:?usage: pg_start DIR PORT}
	pg__check_port "$port" || return 1
	[ -x "$PG_BIN/initdb" ] || { pg__err "$PG_BIN/initdb missing (apt-get install postgresql-15)"; return 1; }

	pg__wipe "$dir" || return 1
	# Something else (another run's cluster?) already answers on the port.
	local ready=0
	"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2 || ready=$?
	case $ready in
	0 | 1) pg__err "a server already answers on 127.0.0.1:$port"; return 1 ;;
	esac

	mkdir -p "$dir" || return 1
	dir=$(cd "$dir" && pwd) || return 1   # sockets and -D want absolute paths
	case "$dir" in
	*"'"* | *' '*) pg__err "DIR must not contain quotes or spaces: $dir"; return 1 ;;
	esac
	if [ "${#dir}" -gt 90 ]; then # the socket path must fit in sun_path (108)
		pg__err "DIR path too long for a unix socket: $dir"
		return 1
	fi
	touch "$dir/$PG_MARK"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R postgres: "$dir" || return 1
		if ! runuser -u postgres -- test -w "$dir"; then
			pg__err "user postgres cannot write $dir (a parent directory is not searchable?)"
			return 1
		fi
	fi

	# -U postgres whatever our login name, so the clients below know the
	# superuser; C.UTF-8 so that upper()/lower() know non-ASCII letters.
	if ! pg__srv "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 --no-instructions >"$dir/initdb.log" 2>&1; then
		pg__err "initdb failed:"
		cat "$dir/initdb.log" >&2
		return 1
	fi
	cat >>"$dir/data/postgresql.conf" <<-EOF

	# pg.sh: throwaway test cluster
	listen_addresses = '127.0.0.1'
	port = $port
	unix_socket_directories = '$dir'
	max_connections = 200
	fsync = off
	log_line_prefix = '%m [%p] %q%u@%d '
	EOF
	cat >"$dir/data/pg_hba.conf" <<-EOF
	# pg.sh: throwaway test cluster, loopback only, no passwords
	local all all trust
	host  all all 127.0.0.1/32 trust
	EOF

	# pg_ctl -w notices a postmaster that dies at start (port taken, bad
	# config) at once; pg_isready then proves the TCP listener answers.
	local deadline=$((SECONDS + PG_TIMEOUT))
	if ! pg__srv "$PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t "$PG_TIMEOUT" >/dev/null 2>&1; then
		pg__err "the server did not start on 127.0.0.1:$port"
		pg__dump_log "$dir"
		pg_stop "$dir" >/dev/null 2>&1
		return 1
	fi
	until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			pg__err "no answer from 127.0.0.1:$port after ${PG_TIMEOUT}s"
			pg__dump_log "$dir"
			pg_stop "$dir" >/dev/null 2>&1
			return 1
		fi
		sleep 0.2
	done

	if ! pg__psql "$port" postgres "CREATE ROLE sklaida LOGIN CREATEDB" >/dev/null; then
		pg__err "cannot create role sklaida"
		pg__dump_log "$dir"
		return 1
	fi

	printf 'SK_PG_DIR=%s\nSK_PG_PORT=%s\n' "$dir" "$port" >"$PG_STATE"
	export SK_PG_DIR="$dir" SK_PG_PORT="$port" SK_PG_URL="postgres://sklaida@127.0.0.1:$port"
	printf '%s\n' "$SK_PG_URL"
}

# pg_createdb NAME [PORT]: a fresh, empty database owned by sklaida.
pg_createdb() {
	local name=${1:?usage: pg_createdb NAME [PORT]} port=${2:-${SK_PG_PORT:-}}
	if [ -z "$port" ] && [ -r "$PG_STATE" ]; then
		port=$(sed -n 's/^SK_PG_PORT=//p' "$PG_STATE")
	fi
	[ -n "$port" ] || { pg__err "no port: give one, set SK_PG_PORT or run start first"; return 1; }
	pg__check_port "$port" || return 1
	# The name goes into SQL and a URL: allow only what needs no escaping.
	case "$name" in
	*[!A-Za-z0-9_]* | [0-9]*) pg__err "bad database name '$name' (letters, digits, _; not starting with a digit)"; return 1 ;;
	esac
	if [ "${#name}" -gt 63 ]; then
		pg__err "database name longer than 63 bytes: $name"
		return 1
	fi
	# WITH (FORCE) ends sessions a previous, killed test left behind.
	pg__psql "$port" postgres "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null || return 1
	pg__psql "$port" postgres "CREATE DATABASE \"$name\" OWNER sklaida" >/dev/null || return 1
	printf 'postgres://sklaida@127.0.0.1:%s/%s\n' "$port" "$name"
}

pg__main() {
	set -u
	local cmd=${1:-}
	shift || true
	case "$cmd" in
	start) [ $# -eq 2 ] || { pg__err "usage: $0 start DIR PORT"; return 2; }; pg_start "$@" ;;
	createdb)
		if [ $# -lt 1 ] || [ $# -gt 2 ]; then
			pg__err "usage: $0 createdb NAME [PORT]"
			return 2
		fi
		pg_createdb "$@" ;;
	stop) [ $# -eq 1 ] || { pg__err "usage: $0 stop DIR"; return 2; }; pg_stop "$@" ;;
	*) pg__err "usage: $0 start DIR PORT | createdb NAME [PORT] | stop DIR"; return 2 ;;
	esac
}

# Executed (not sourced): run the subcommand.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	pg__main "$@"
	exit $?
fi
