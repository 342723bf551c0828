#!/usr/bin/env bash
# bench/newsletter.sh -- issue 4's newsletter benchmark: one issue sent to
# 10,000 confirmed subscribers (one personalised message each: their own
# salutation and unsubscribe link) through a local SMTP server
# (python3-aiosmtpd on loopback that only counts), timed from the start of
# the sending job to its end. Target: under 60 s.
#
#   bench/newsletter.sh           print the figure
#
# What it does: a fresh SQLite database in a temporary directory
# (`sklaida migrate`, one institution, sender identity, one list, one
# approved newsletter block), 10,000 subscribers inserted with their
# consent and confirmation (a fixture: the public form is what the tests
# exercise), the issue queued as the "newsletter" job, then
# `sklaida job drain` with SKLAIDA_SMTP_URL pointing at the counter; the
# counter must have received exactly 10,000 messages with 10,000
# distinct recipients. Load average and CPU count are printed with it.
#
# Environment: BENCH_N=10000, SKLAIDA_NEWSLETTER_THREADS (default 4
# sending threads, one SMTP connection each), SKLAIDA_NEWSLETTER_RATE
# (default 0 here: no throttle), BENCH_NO_BUILD=1, BENCH_KEEP=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/${BUILD:-build}/sklaida
N=${BENCH_N:-10000}
[ "${BENCH_NO_BUILD:-0}" = 1 ] || make -s -j2 all >/dev/null
TMP=$(mktemp -d /tmp/sklaida-nlbench.XXXXXX)
SMTP_PID=
cleanup() {
	[ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null || true
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$TMP/count.py" <<'EOF'
import asyncio, sys, os, signal
from aiosmtpd.controller import Controller
count, rcpts, conns = 0, set(), 0
class H:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        global conns
        if not getattr(session, "counted", False):
            session.counted = True
            conns += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        rcpts.update(envelope.rcpt_tos)
        return "250 OK"
c = Controller(H(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
def dump(*_):
    with open(sys.argv[2], "w") as f:
        f.write(f"{count} {len(rcpts)} {conns}\n")
signal.signal(signal.SIGUSR1, dump)
open(sys.argv[2] + ".ready", "w").close()
signal.pause() if hasattr(signal, "pause") else None
while True:
    signal.pause()
EOF
python3 "$TMP/count.py" "$PORT" "$TMP/count" &
SMTP_PID=$!
for _ in $(seq 50); do [ -e "$TMP/count.ready" ] && break; sleep 0.1; done

export SKLAIDA_VAR=$TMP/var SKLAIDA_LOG_REQUESTS=0
DB=sqlite:$TMP/nl.db
"$BIN" --db "$DB" migrate >/dev/null 2>&1
"$BIN" --db "$DB" institution add pavb "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka" county >/dev/null
printf 'correct horse battery\n' | "$BIN" --db "$DB" user add pr@pavb.lt "Jonas Kazlauskas" --role pavb:PR >/dev/null
sqlite3 "$TMP/nl.db" <<EOF
INSERT INTO nl_settings(institution_id, sender_name, sender_postal, sender_email)
  SELECT id, 'Panevėžio apskrities viešoji biblioteka', 'Laisvės a. 1, LT-35173 Panevėžys', 'info@pavb.lt' FROM institutions;
INSERT INTO nl_consent_texts(institution_id, version, text_lt) SELECT id, 1, 'Sutinku gauti naujienlaiškį.' FROM institutions;
INSERT INTO nl_lists(institution_id, name) SELECT id, 'Bibliotekos naujienos' FROM institutions;
INSERT INTO content_items(institution_id, type, title, slug, summary, body, author_id, owner_id, status)
  SELECT i.id, 'newsletter_block', 'Knygų mugė Panevėžyje', 'knygu-muge', 'Kviečiame į mugę.',
         'Lapkričio 28 d. bibliotekoje – **knygų mugė**: leidyklos, autoriai, skaitymai.', u.id, u.id, 'approved'
  FROM institutions i, users u;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $N)
INSERT INTO nl_subscribers(institution_id, email, name, salutation, lang, consent_at, consent_source, consent_version,
                           confirmed_at)
  SELECT (SELECT id FROM institutions), 'skaitytojas' || k || '@example.lt', 'Skaitytojas ' || k,
         CASE WHEN k % 3 = 0 THEN '' ELSE 'Gerb. skaitytojau ' || k || ',' END, CASE WHEN k % 10 = 0 THEN 'en' ELSE 'lt' END,
         strftime('%s', 'now'), 'bench', 1, strftime('%s', 'now') FROM n;
INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending)
  SELECT s.institution_id, s.id, l.id, 0 FROM nl_subscribers s, nl_lists l;
INSERT INTO nl_issues(institution_id, number, subject_lt, subject_en, intro, status, scheduled_at)
  SELECT id, 1, 'Lapkričio naujienos: šventės ir knygų mugė', 'November news', '{{salutation}}

Štai mūsų naujienos.', 'scheduled', strftime('%s', 'now') FROM institutions;
INSERT INTO nl_issue_lists(institution_id, issue_id, list_id) SELECT institution_id, 1, id FROM nl_lists;
INSERT INTO nl_issue_blocks(institution_id, issue_id, item_id, pos) SELECT institution_id, 1, id, 1 FROM content_items;
INSERT INTO jobs(kind, payload, institution_id, run_after, created_at, updated_at)
  SELECT 'newsletter', '{"issue": 1}', id, 0, strftime('%s', 'now'), strftime('%s', 'now') FROM institutions;
EOF

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
T0=$(date +%s.%N)
SKLAIDA_SMTP_URL=smtp://127.0.0.1:$PORT SKLAIDA_SMTP_TLS=none SKLAIDA_MAIL_FROM=naujienos@pavb.lt \
	SKLAIDA_NEWSLETTER_RATE=${SKLAIDA_NEWSLETTER_RATE:-0} "$BIN" --db "$DB" job drain >/dev/null
T1=$(date +%s.%N)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
kill -USR1 "$SMTP_PID"
for _ in $(seq 50); do [ -s "$TMP/count" ] && break; sleep 0.1; done
read -r GOT DISTINCT CONNS <"$TMP/count"
STATE=$(sqlite3 "$TMP/nl.db" "SELECT status || ' ' || sent || '/' || total || ' failed ' || failed FROM nl_issues")
SECS=$(python3 -c "print(f'{$T1 - $T0:.1f}')")
RATE=$(python3 -c "print(f'{$GOT / ($T1 - $T0):,.0f}')")
echo "newsletter: $GOT messages ($DISTINCT distinct recipients) in $SECS s = $RATE messages/s over $CONNS SMTP connections; issue: $STATE"
echo "threads: ${SKLAIDA_NEWSLETTER_THREADS:-4}; load average before: $LOAD_BEFORE, after: $LOAD_AFTER; cores: $(nproc)"
[ "$GOT" = "$N" ] && [ "$DISTINCT" = "$N" ] || { echo "FAIL: want $N messages to $N recipients" >&2; exit 1; }
