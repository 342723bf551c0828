#!/usr/bin/env bash
# bench/run.sh -- the benchmark of issue 2: sklaida against nginx serving
# a static 5 KB page, both on loopback, measured with wrk in one run.
#
#   bench/run.sh            build, run, print a Markdown table
#   bench/run.sh --record   ... and write the table, the machine and the
#                           exact commands into bench/RESULTS.md
#
# What it does: builds sklaida (BUILD=build unless set), creates a fresh
# SQLite database in a temporary directory with the demo data (`sklaida
# demo` when the binary has it, else PAVB and 12 Territory libraries made
# with `sklaida institution add`), starts `sklaida serve` without request
# logging, starts nginx (nginx-light, its own config and prefix in the
# temporary directory, access_log off), checks that every URL answers
# 200, then runs wrk against nginx's file, /pavb/ and /healthz -- a 3 s
# warm-up and a measured run each. Everything it started is stopped on
# exit, Ctrl-C included (trap).
#
# Options (environment): BUILD=dir, BENCH_DURATION=15s, BENCH_CONNS=64,
# BENCH_WRK_THREADS=2, BENCH_WARMUP=3s, BENCH_THREADS (sklaida pool,
# default nproc), BENCH_KEEP=1 keeps the temporary directory,
# BENCH_NO_BUILD=1 uses the binary as it is, BENCH_WAIT_QUIET=SECONDS
# waits for a quiet machine first, BENCH_ROUNDS=N measures the three
# targets N times in turn and reports the median round of each (the
# figures of every round are listed too).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
BIN=$ROOT/$BUILD/sklaida
PY=/usr/bin/python3
RECORD=0
for a in "$@"; do
	case $a in
	--record) RECORD=1 ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d'
		exit 0
		;;
	*)
		echo "unknown option $a" >&2
		exit 2
		;;
	esac
done

DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNS:-64}
ROUNDS=${BENCH_ROUNDS:-1}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
CORES=$(nproc)
THREADS=${BENCH_THREADS:-$CORES}

for tool in wrk nginx curl; do
	if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
		echo "bench: $tool is missing; install it with: apt-get install -y wrk nginx-light curl" >&2
		exit 1
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
	[ -x "$BIN" ] || { echo "bench: $BIN does not exist" >&2; exit 1; }
	echo "== using $BIN as built (BENCH_NO_BUILD=1)"
else
	echo "== building $BIN"
	make -s BUILD="$BUILD" "$BUILD/sklaida" >/dev/null
fi

TMP=$(mktemp -d /tmp/sklaida-bench.XXXXXX)
SK_PID=""
SK2_PID=""
NG_PID=""
WRK_PID=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
	if [ -n "$SK_PID" ]; then
		kill -TERM "$SK_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$SK_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$SK_PID" 2>/dev/null || true
	fi
	if [ -n "$SK2_PID" ]; then
		kill -TERM "$SK2_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$SK2_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$SK2_PID" 2>/dev/null || true
	fi
	if [ -n "$NG_PID" ]; then
		kill -QUIT "$NG_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$NG_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$NG_PID" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

# A free loopback port: ask the kernel (bind to port 0).
free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
SK_PORT=$(free_port)
NG_PORT=$(free_port)
while [ "$NG_PORT" = "$SK_PORT" ]; do NG_PORT=$(free_port); done
SK2_PORT=$(free_port)
while [ "$SK2_PORT" = "$SK_PORT" ] || [ "$SK2_PORT" = "$NG_PORT" ]; do SK2_PORT=$(free_port); done

# ---- database with demo-like data ------------------------------------
mkdir -m 0700 "$TMP/var"
export SKLAIDA_VAR=$TMP/var
DB="sqlite:$TMP/var/sklaida.db"
HELP=$("$BIN" --help 2>&1 || true)   # not piped into grep -q: with pipefail, SIGPIPE would fail it
if grep -qE '^  demo( |$)' <<<"$HELP"; then
	echo "== demo data (sklaida demo)"
	DATA_CMD="sklaida --db $DB demo"
	"$BIN" --db "$DB" demo >"$TMP/var/demo-logins.txt"
else
	echo "== demo-like data (sklaida institution add: pavb + 12 Territory libraries)"
	DATA_CMD="sklaida --db $DB institution add pavb ... county; 12 x institution add SLUG NAME municipal --parent pavb"
	"$BIN" --db "$DB" institution add pavb \
		"Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka" county \
		--name-en "Panevėžys County Gabrielė Petkevičaitė-Bitė Public Library" >/dev/null
	i=0
	while IFS='|' read -r slug name; do
		i=$((i + 1))
		"$BIN" --db "$DB" institution add "$slug" "$name" municipal --parent pavb >/dev/null
	done <<-'EOF'
		birzu-vb|Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka
		kupiskio-vb|Kupiškio rajono savivaldybės viešoji biblioteka
		pasvalio-vb|Pasvalio Mariaus Katiliškio viešoji biblioteka
		panevezio-rvb|Panevėžio rajono savivaldybės viešoji biblioteka
		rokiskio-vb|Rokiškio rajono savivaldybės Juozo Keliuočio viešoji biblioteka
		panevezio-mvb|Panevėžio miesto savivaldybės viešoji biblioteka
		anyksciu-vb|Anykščių Liudvikos ir Stanislovo Didžiulių viešoji biblioteka
		utenos-vb|Utenos A. ir M. Miškinių viešoji biblioteka
		zarasu-vb|Zarasų rajono savivaldybės viešoji biblioteka
		ignalinos-vb|Ignalinos rajono savivaldybės viešoji biblioteka
		moletu-vb|Molėtų rajono savivaldybės viešoji biblioteka
		visagino-vb|Visagino savivaldybės viešoji biblioteka
	EOF
fi

# ---- sklaida -------------------------------------------------------------
# Two servers on the same database: $SK_PORT without the response cache
# (SKLAIDA_CACHE_MB=0: every request rendered, the "uncached" figures)
# and $SK2_PORT with it (the "-cached" targets). They run one at a time
# under load (the targets are measured in turn), so they do not compete.
SK_ENV="SKLAIDA_VAR=$TMP/var SKLAIDA_LOG_REQUESTS=0 SKLAIDA_PER_IP_LIMIT=256 SKLAIDA_THREADS=$THREADS"
SK_CMD="SKLAIDA_CACHE_MB=0 sklaida --db $DB serve --listen 127.0.0.1 --port $SK_PORT  # and without SKLAIDA_CACHE_MB=0 on $SK2_PORT"
echo "== starting sklaida on 127.0.0.1:$SK_PORT ($THREADS threads, no cache) and :$SK2_PORT (cache)"
SKLAIDA_CACHE_MB=0 SKLAIDA_LOG_REQUESTS=0 SKLAIDA_PER_IP_LIMIT=256 SKLAIDA_THREADS=$THREADS SKLAIDA_WORKERS=0 \
	"$BIN" --db "$DB" serve --listen 127.0.0.1 --port "$SK_PORT" 2>"$TMP/sklaida.log" &
SK_PID=$!
SKLAIDA_LOG_REQUESTS=0 SKLAIDA_PER_IP_LIMIT=256 SKLAIDA_THREADS=$THREADS \
	"$BIN" --db "$DB" serve --listen 127.0.0.1 --port "$SK2_PORT" 2>"$TMP/sklaida2.log" &
SK2_PID=$!

# ---- nginx ---------------------------------------------------------------
# Its own prefix; worker processes run as nobody when started as root, so
# the document root must be world-readable (the database dir is not).
mkdir -p "$TMP/nginx/www" "$TMP/nginx/logs" "$TMP/nginx/tmp"
chmod 0755 "$TMP" "$TMP/nginx" "$TMP/nginx/www"
$PY - "$TMP/nginx/www/index.html" <<-'EOF'
	import sys
	head = ('<!doctype html>\n<html lang="lt"><head><meta charset="utf-8">'
	        '<meta name="viewport" content="width=device-width, initial-scale=1">'
	        '<title>Statinis puslapis – sklaida bench</title></head>\n<body><main>'
	        '<h1>Statinis 5 KB puslapis</h1>\n')
	tail = '</main></body></html>\n'
	para = ('<p>Panevėžio apskrities biblioteka ir jos teritorinės bibliotekos: renginiai, '
	        'naujienos ir paslaugos skaitytojams.</p>\n')
	body = head
	while len((body + para + tail).encode()) <= 5120:
	    body += para
	page = body + tail
	pad = 5120 - len(page.encode())
	page = body + '<!--' + 'x' * max(pad - 7, 0) + '-->' + tail
	open(sys.argv[1], 'w', encoding='utf-8').write(page)
EOF
STATIC_BYTES=$(stat -c %s "$TMP/nginx/www/index.html")
sed -e "s|@CORES@|$CORES|g" -e "s|@PORT@|$NG_PORT|g" -e "s|@DIR@|$TMP/nginx|g" \
	bench/nginx.conf.in >"$TMP/nginx/nginx.conf"
echo "== starting nginx on 127.0.0.1:$NG_PORT ($CORES worker processes)"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' 2>"$TMP/nginx/logs/stderr.log" &
NG_PID=$!

# ---- wait until both answer 200 -----------------------------------------
wait_200() {
	local url=$1
	for _ in $(seq 100); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ]; then
			return 0
		fi
		sleep 0.1
	done
	echo "bench: $url did not answer 200:" >&2
	curl -si "$url" | head -20 >&2 || true
	echo "--- sklaida log:" >&2
	tail -n 20 "$TMP/sklaida.log" >&2 || true
	echo "--- nginx log:" >&2
	tail -n 20 "$TMP/nginx/logs/error.log" "$TMP/nginx/logs/stderr.log" >&2 || true
	return 1
}
URL_NGINX="http://127.0.0.1:$NG_PORT/index.html"
URL_HOME="http://127.0.0.1:$SK_PORT/pavb/"
URL_HEALTH="http://127.0.0.1:$SK_PORT/healthz"
URL_HOME_C="http://127.0.0.1:$SK2_PORT/pavb/"
for u in "$URL_NGINX" "$URL_HOME" "$URL_HEALTH" "$URL_HOME_C"; do wait_200 "$u"; done
# The events pages of issue 3, when this build has them: the month with
# the most events (the demo's current month) and the subscribable ICS.
EVENTS=0
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SK_PORT/pavb/events")" = 200 ]; then
	EVENTS=1
	URL_EV="http://127.0.0.1:$SK_PORT/pavb/events"
	URL_ICS="http://127.0.0.1:$SK_PORT/pavb/events.ics"
	URL_EV_C="http://127.0.0.1:$SK2_PORT/pavb/events"
	URL_ICS_C="http://127.0.0.1:$SK2_PORT/pavb/events.ics"
	for u in "$URL_ICS" "$URL_EV_C" "$URL_ICS_C"; do wait_200 "$u"; done
	# the same bytes as static files for nginx: what serving the cached
	# page could cost at best (the 5 KB file stays the main yardstick)
	curl -s "$URL_EV" >"$TMP/nginx/www/events.html"
	curl -s "$URL_ICS" >"$TMP/nginx/www/events.ics"
	chmod 0644 "$TMP/nginx/www/events.html" "$TMP/nginx/www/events.ics"
	URL_NGINX_EV="http://127.0.0.1:$NG_PORT/events.html"
	URL_NGINX_ICS="http://127.0.0.1:$NG_PORT/events.ics"
	for u in "$URL_NGINX_EV" "$URL_NGINX_ICS"; do wait_200 "$u"; done
fi
# The newsroom of issue 4, when this build has it: the first page of the
# list (2,000 published items in the demo) and its Atom feed.
NEWS=0
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SK_PORT/pavb/news")" = 200 ]; then
	NEWS=1
	URL_NEWS="http://127.0.0.1:$SK_PORT/pavb/news"
	URL_ATOM="http://127.0.0.1:$SK_PORT/pavb/news.atom"
	URL_NEWS_C="http://127.0.0.1:$SK2_PORT/pavb/news"
	URL_ATOM_C="http://127.0.0.1:$SK2_PORT/pavb/news.atom"
	for u in "$URL_ATOM" "$URL_NEWS_C" "$URL_ATOM_C"; do wait_200 "$u"; done
	curl -s "$URL_NEWS" >"$TMP/nginx/www/news.html"
	curl -s "$URL_ATOM" >"$TMP/nginx/www/news.atom"
	chmod 0644 "$TMP/nginx/www/news.html" "$TMP/nginx/www/news.atom"
	URL_NGINX_NEWS="http://127.0.0.1:$NG_PORT/news.html"
	URL_NGINX_ATOM="http://127.0.0.1:$NG_PORT/news.atom"
	for u in "$URL_NGINX_NEWS" "$URL_NGINX_ATOM"; do wait_200 "$u"; done
fi
# Only our processes may listen on our ports. (sklaida sets SO_REUSEPORT,
# so another server started on the same port -- a test elsewhere on this
# machine -- would silently take half of the connections.)
only_ours() { # PORT PID...
	local port=$1 line ok p
	shift
	while read -r line; do
		ok=0
		for p in "$@"; do case $line in *"pid=$p,"*) ok=1 ;; esac; done
		if [ $ok = 0 ]; then
			echo "bench: another process listens on port $port too: $line" >&2
			return 1
		fi
	done < <(ss -Hltnp "sport = :$port")
}
only_ours "$SK_PORT" "$SK_PID"
only_ours "$SK2_PORT" "$SK2_PID"
only_ours "$NG_PORT" "$NG_PID" $(pgrep -P "$NG_PID" || true)
# The content must be what we mean to measure, not an error page.
PAGE=$(curl -s "$URL_HOME")
grep -q 'Panevėžio' <<<"$PAGE" || { echo "bench: /pavb/ is not the PAVB home" >&2; exit 1; }
PAGE=$(curl -s "$URL_HEALTH")
grep -q '"status":"ok"' <<<"$PAGE" || { echo "bench: /healthz is not ok" >&2; exit 1; }

# Response size (headers + body) per URL, to check wrk's bytes/request.
# With AE set (e.g. AE=gzip), both curl and wrk send Accept-Encoding: $AE.
resp_bytes() {
	local h=()
	[ -n "${AE:-}" ] && h=(-H "Accept-Encoding: $AE")
	curl -s "${h[@]}" -o /dev/null -D - "$1" | wc -c | awk -v b="$(curl -s "${h[@]}" "$1" | wc -c)" '{print $1 + b}'
}

# ---- wrk -----------------------------------------------------------------
WRK="wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency"
# CPU accounting around each measured run (clock ticks): the server's
# processes, wrk (a waited-for child of this shell: cutime+cstime), and
# the whole machine (busy and steal from /proc/stat), so that the report
# can show CPU per request and how much else was running.
proc_ticks() { # PIDS -> utime+stime summed over the processes (all threads)
	local t=0 p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] && t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
	done
	echo "$t"
}
self_child_ticks() { sed 's/^.*) //' "/proc/$$/stat" | awk '{print $14 + $15}'; }
machine_ticks() { awk '/^cpu / {print $2+$3+$4, $7+$8, $9}' /proc/stat; } # processes, irq+softirq, steal
run_one() {
	local name=$1 url=$2
	shift 2
	local pids=("$@") hdr=()
	[ -n "${AE:-}" ] && hdr=(-H "Accept-Encoding: $AE")
	echo "== $name: warm-up $WARMUP, then $DURATION  ($url${AE:+, Accept-Encoding: $AE})"
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" "${hdr[@]}" "$url" >/dev/null &
	WRK_PID=$!
	wait "$WRK_PID"
	local s0 w0 b0 q0 st0 t0 s1 w1 b1 q1 st1 t1
	s0=$(proc_ticks "${pids[@]}")
	w0=$(self_child_ticks)
	read -r b0 q0 st0 < <(machine_ticks)
	t0=$(date +%s.%N)
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency "${hdr[@]}" "$url" >"$TMP/wrk-$name-$ROUND.txt" &
	WRK_PID=$!
	wait "$WRK_PID"
	WRK_PID=""
	t1=$(date +%s.%N)
	s1=$(proc_ticks "${pids[@]}")
	w1=$(self_child_ticks)
	read -r b1 q1 st1 < <(machine_ticks)
	echo "$name|$ROUND|$url|$(resp_bytes "$url")|$((s1 - s0))|$((w1 - w0))|$((b1 - b0))|$((q1 - q0))|$((st1 - st0))|$t0|$t1" >>"$TMP/runs.txt"
}
: >"$TMP/runs.txt"
NG_PIDS=("$NG_PID" $(pgrep -P "$NG_PID" || true))
# Other work on the machine skews every figure (wrk and the servers share
# the cores): BENCH_WAIT_QUIET=SECONDS waits up to that long for the
# 1-minute load average to fall below 0.5; the load is recorded either way.
if [ "${BENCH_WAIT_QUIET:-0}" -gt 0 ]; then
	end=$((SECONDS + BENCH_WAIT_QUIET))
	while awk '{exit !($1 >= 0.5)}' /proc/loadavg && [ $SECONDS -lt $end ]; do sleep 5; done
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if awk '{exit !($1 >= 1.0)}' /proc/loadavg; then
	echo "bench: warning: load average $LOAD_BEFORE -- other processes are competing for the cores" >&2
fi
for ROUND in $(seq "$ROUNDS"); do
	[ "$ROUNDS" -gt 1 ] && echo "== round $ROUND of $ROUNDS"
	run_one nginx-static "$URL_NGINX" "${NG_PIDS[@]}"
	run_one sklaida-home "$URL_HOME" "$SK_PID"
	run_one sklaida-healthz "$URL_HEALTH" "$SK_PID"
	run_one sklaida-home-cached "$URL_HOME_C" "$SK2_PID"
	if [ "$EVENTS" = 1 ]; then
		run_one sklaida-events "$URL_EV" "$SK_PID"
		run_one sklaida-events-ics "$URL_ICS" "$SK_PID"
		run_one sklaida-events-cached "$URL_EV_C" "$SK2_PID"
		run_one sklaida-events-ics-cached "$URL_ICS_C" "$SK2_PID"
		run_one nginx-events-copy "$URL_NGINX_EV" "${NG_PIDS[@]}"
		run_one nginx-events-ics-copy "$URL_NGINX_ICS" "${NG_PIDS[@]}"
		# what browsers and calendar clients send: the cache's gzip'd copy
		AE=gzip run_one sklaida-events-cached-gzip "$URL_EV_C" "$SK2_PID"
		AE=gzip run_one sklaida-events-ics-cached-gzip "$URL_ICS_C" "$SK2_PID"
	fi
	if [ "$NEWS" = 1 ]; then
		run_one sklaida-news "$URL_NEWS" "$SK_PID"
		run_one sklaida-news-atom "$URL_ATOM" "$SK_PID"
		run_one sklaida-news-cached "$URL_NEWS_C" "$SK2_PID"
		run_one sklaida-news-atom-cached "$URL_ATOM_C" "$SK2_PID"
		run_one nginx-news-copy "$URL_NGINX_NEWS" "${NG_PIDS[@]}"
		run_one nginx-news-atom-copy "$URL_NGINX_ATOM" "${NG_PIDS[@]}"
		AE=gzip run_one sklaida-news-cached-gzip "$URL_NEWS_C" "$SK2_PID"
		AE=gzip run_one sklaida-news-atom-cached-gzip "$URL_ATOM_C" "$SK2_PID"
	fi
done

# The server must still be the one we started (no crash during the run).
kill -0 "$SK_PID" 2>/dev/null || { echo "bench: sklaida died during the run" >&2; tail -n 20 "$TMP/sklaida.log" >&2; exit 1; }
kill -0 "$SK2_PID" 2>/dev/null || { echo "bench: sklaida (cached) died during the run" >&2; tail -n 20 "$TMP/sklaida2.log" >&2; exit 1; }
only_ours "$SK_PORT" "$SK_PID"
if grep -qE 'level=(error|fatal)' "$TMP/sklaida.log"; then
	echo "bench: sklaida logged errors during the run:" >&2
	grep -E 'level=(error|fatal)' "$TMP/sklaida.log" | head -5 >&2
fi

# ---- report ----------------------------------------------------------------
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# the binary is built from the working tree: say so when it differs from
# the commit (changed or new files of the program itself)
if [ -n "$(git status --porcelain -- src static po Makefile tools 2>/dev/null)" ]; then
	COMMIT="$COMMIT+uncommitted"
fi
pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }
cat >"$TMP/meta.env" <<EOF
commit=$COMMIT
date=$(date -u +%Y-%m-%d)
time=$(date -u +%H:%M)
nproc=$CORES
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
hypervisor=$(lscpu | sed -n 's/^Hypervisor vendor:[[:space:]]*//p' | head -1)
memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
kernel=$(uname -r)
debian=$(cat /etc/debian_version 2>/dev/null || echo unknown)
libmicrohttpd12=$(pkgver libmicrohttpd12)
libsqlite3-0=$(pkgver libsqlite3-0)
nginx-light=$(pkgver nginx-light)
wrk=$(pkgver wrk)
sklaida_threads=$THREADS
static_bytes=$STATIC_BYTES
clk_tck=$(getconf CLK_TCK)
load_before=$LOAD_BEFORE
cmd_build=make BUILD=$BUILD $BUILD/sklaida
cmd_data=${DATA_CMD//$TMP/\$TMP}
cmd_sklaida=${SK_ENV//$TMP/\$TMP} ${SK_CMD//$TMP/\$TMP}
cmd_tmp=TMP=\$(mktemp -d /tmp/sklaida-bench.XXXXXX)
rounds=$ROUNDS
cmd_nginx=nginx -p \$TMP/nginx -c \$TMP/nginx/nginx.conf -g 'daemon off;'   # bench/nginx.conf.in with worker_processes $CORES, port $NG_PORT
cmd_warmup=wrk -t$WRK_THREADS -c$CONNS -d$WARMUP URL
cmd_wrk=$WRK URL
EOF
ARGS=(--runs "$TMP/runs.txt" --dir "$TMP" --meta "$TMP/meta.env")
[ "$RECORD" = 1 ] && ARGS+=(--record bench/RESULTS.md)
$PY bench/report.py "${ARGS[@]}"
