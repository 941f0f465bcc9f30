# test_sync.sh -- `clerk sync` end to end against tests/e2e/moderngov_server.py
# on 127.0.0.1 (corpus files as a ModernGov web service): a full run, a
# resumed run, conditional requests, and the faults: slow answers, 500s, an
# HTML error page and truncated XML.
. "$(dirname "$0")/lib.sh"
C="$SHARED/corpus/moderngov"
if [ ! -d "$C/xml" ] || ! command -v python3 >/dev/null; then echo "test_sync: SKIP (no corpus or python3)"; exit 0; fi
SERVER=""
PORT=0      # the first server picks a free port; later ones keep it (URLs are the sources)
start() {   # start [fault options...]: a fresh server; sets URL
  stop
  rm -f port log
  python3 "$ROOT/tests/e2e/moderngov_server.py" --corpus "$C" --port "$PORT" --port-file port --log log "$@" &
  SERVER=$!
  i=0
  while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  PORT=$(cat port)
  URL="http://127.0.0.1:$PORT"
  : > log
}
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""; fi; }
trap 'stop; rm -rf "$T"' EXIT
q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$CLERK_DB" "$1" > "$T/out" 2>&1; }
lines() { n=$(grep -Ec -- "$3" "$2"); if [ "$n" = "$4" ]; then ok; else bad "$1: $n lines match /$3/, wanted $4"; fi; }
FAST="--delay 0 --backoff 20"

# a full run: committees, their meetings, each meeting
start
run sync "$URL" $FAST
expect "first sync" 0
has "summary" "$T/out" "synced .*: 6 requests, 4 imported"
has "progress on stderr" "$T/err" "sync \[[0-9]+\] meeting .*GetMeeting\?lMeetingId=4967: imported"
has "user agent" log "ua=Clerk/[0-9.]+ \(\+minutes importer\)"
q "SELECT date, status FROM meeting ORDER BY date"
has "cancelled meeting" "$T/out" "2026-01-13\|cancelled"
has "held meeting" "$T/out" "2026-02-10\|confirmed"
q "SELECT count(*) FROM meeting_listing"
has "index" "$T/out" "^2$"
q "SELECT count(DISTINCT body_id) FROM body_detail"
has "bodies" "$T/out" "^3$"

# resumed: final meetings unchanged in the index are not asked for again
start
run sync "$URL" $FAST
expect "second sync" 0
lines "no meeting re-fetched" log "GetMeeting\?" 0
has "second summary" "$T/out" "4 requests, 0 imported, 2 unchanged, 0 not modified, 2 skipped"

# conditional: a meeting not yet final is asked with If-None-Match and not re-imported
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE fetch SET complete = 0"); c.commit()' "$CLERK_DB"
start
run sync "$URL" $FAST
expect "conditional sync" 0
lines "conditional requests" log 'GetMeeting\?.* inm="' 2
has "not modified" "$T/out" "2 not modified"

# --committee and --since narrow the run
rm -f "$CLERK_DB"
start
run sync "$URL" --committee 144 --since 2026-02-01 $FAST
expect "narrow sync" 0
lines "no committee list" log "GetCommittees" 0
lines "one meeting fetched" log "GetMeeting\?" 1
has "since" log "GetMeeting\?lMeetingId=4967"

# 500 twice, then OK: retried with back-off
rm -f "$CLERK_DB"
start --fault 500 --fault-on lMeetingId=4967 --fault-count 2
run sync "$URL" --committee 144 $FAST --retries 3
expect "500 then OK" 0
lines "three attempts" log "lMeetingId=4967" 3

# 500 for good: that meeting fails, the other is kept
rm -f "$CLERK_DB"
start --fault 500 --fault-on lMeetingId=4967 --fault-count 99
run sync "$URL" --committee 144 $FAST --retries 2
expect "500 for good" 1
has "500 reported" "$T/err" "4967: failed: HTTP 500 after retries"
q "SELECT count(*) FROM meeting"
has "other meeting kept" "$T/out" "^1$"

# slow: the first answer takes longer than the time-out; the retry gets it
rm -f "$CLERK_DB"
start --fault slow --fault-on lMeetingId=4966 --fault-count 1
run sync "$URL" --committee 144 $FAST --timeout 700 --retries 2
expect "slow then OK" 0
lines "slow retried" log "lMeetingId=4966" 2
q "SELECT count(*) FROM meeting"
has "both meetings" "$T/out" "^2$"

# an HTML error page where XML was expected: named, nothing half-imported
rm -f "$CLERK_DB"
start --fault html --fault-on lMeetingId=4967
run sync "$URL" --committee 144 $FAST
expect "HTML page" 1
has "HTML page named" "$T/err" "GetMeeting\?lMeetingId=4967: failed: .*lMeetingId=4967: found an HTML page \(title 'Error'\)"
q "SELECT count(*) FROM meeting WHERE external_id = '4967'"
has "HTML page not imported" "$T/out" "^0$"
q "SELECT count(*) FROM fetch WHERE url LIKE '%4967'"
has "HTML page not remembered" "$T/out" "^0$"

# truncated XML
rm -f "$CLERK_DB"
start --fault truncate --fault-on lMeetingId=4967
run sync "$URL" --committee 144 $FAST
expect "truncated" 1
has "truncated named" "$T/err" "lMeetingId=4967: failed: .*not well-formed XML.*truncated"
q "SELECT count(*) FROM meeting WHERE external_id = '4967'"
has "truncated not imported" "$T/out" "^0$"
# and the next run, with the server fixed, gets it
start
run sync "$URL" --committee 144 $FAST
expect "recovers" 0
q "SELECT count(*) FROM meeting WHERE external_id = '4967'"
has "recovered" "$T/out" "^1$"

# usage errors
run sync "ftp://example.org"
expect "bad scheme" 2
run sync "$URL" --since 2026-13-01
expect "bad date" 2
stop
finish
