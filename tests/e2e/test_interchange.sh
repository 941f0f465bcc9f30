# test_interchange.sh -- the JSON interchange round trip: a database exported,
# the export imported into a fresh database and exported again gives the
# same JSON, and every action keeps its history (`clerk action show`): its
# printed reference, the minutes' own word (said_status), later meetings'
# reviews and officers' updates. Also ModernGov's planned times, and the
# sink's checks of the schema v4 fields.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/register"

# history DB: per action, "date ref status owners due | event:status:note ..." from
# `clerk action show --format json`, action numbers (#12) left out: they differ
history() {
  python3 - "$1" "$CLERK" <<'PY'
import json, re, sqlite3, subprocess, sys
db, clerk = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
for aid, date, ref in c.execute("SELECT id, meeting_date, coalesce(ref, '-') FROM action ORDER BY"
        " meeting_date, (SELECT position FROM item WHERE id = item_id), position, id"):
    out = subprocess.run([clerk, "--db", db, "action", "show", str(aid), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    a = d["action"]
    ev = " ".join("%s/%s/%s/%s" % (e["date"], e["what"], e.get("status") or "-",
                                   re.sub(r"#\d+", "#", e.get("note") or "-")) for e in d["history"])
    print(date, ref, a["status"], a.get("owners"), a.get("due"), "|", ev)
PY
}

A="$T/a.db"; B="$T/b.db"
for n in 01 02 03; do "$CLERK" --db "$A" import "$FX/${n}_"*.txt > /dev/null 2>"$T/err" || bad "import $n: $(cat "$T/err")"; done
aid() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM action WHERE ref=? ORDER BY id DESC\", (sys.argv[2],)).fetchone()[0])" "$1" "$2"; }
run --db "$A" action done "$(aid "$A" 8)" --note "Youth Council came in July"
expect "action done" 0
run --db "$A" action due "$(aid "$A" 9)" 2026-08-15
expect "action due" 0
run --db "$A" action reassign "$(aid "$A" 9)" "Leah Pemberton"
expect "action reassign" 0
run --db "$A" action reopen "$(aid "$A" 6)"
expect "action reopen" 0
run --db "$A" action note "$(aid "$A" 7)" "checked by the clerk"
expect "action note" 0

run --db "$A" export -o "$T/e1.json"
expect "export" 0
has "export: printed references" "$T/e1.json" '"ref": "TCS04"'
has "export: the minutes' own word" "$T/e1.json" '"said_status": "open"'
has "export: later meetings' reviews" "$T/e1.json" '"reviews": \['
has "export: officers' updates" "$T/e1.json" '"kind": "reassign"'
has "export: the update's time" "$T/e1.json" '"created_at": "20[0-9-]+T[0-9:]+Z"'
has "export: sources by file name" "$T/e1.json" '"source": "02_may.txt"'

run --db "$B" import "$T/e1.json"
expect "import the export" 0
run --db "$B" export -o "$T/e2.json"
expect "export again" 0
if cmp -s "$T/e1.json" "$T/e2.json"; then ok; else bad "export -> import -> export differs: $(diff "$T/e1.json" "$T/e2.json" | head -20)"; fi

history "$A" > "$T/ha" 2>"$T/err" || bad "history a: $(head -c 300 "$T/err")"
history "$B" > "$T/hb" 2>"$T/err" || bad "history b: $(head -c 300 "$T/err")"
has "history has the reviews" "$T/ha" "reviewed/done"
has "history has the officers' updates" "$T/ha" "updated by an officer/done/#?done: Youth Council"
if [ "$(wc -l < "$T/ha")" -ge 10 ] && cmp -s "$T/ha" "$T/hb"; then ok; else bad "action show differs: $(diff "$T/ha" "$T/hb" | head -20)"; fi

# the same export imported again, changed (so not skipped as unchanged):
# the officers' updates it carries are not recorded twice
sed 's/"Youth Council came in July"/"Youth Council came in July"/' "$T/e1.json" > "$T/e1b.json"
printf '\n' >> "$T/e1b.json"
cp "$T/e1b.json" "$T/e1.json"
cp "$B" "$T/c.db"
run --db "$T/c.db" import "$T/e1.json"
expect "re-import the same file path" 0
run --db "$B" import "$T/e1.json"
expect "re-import into b" 0
run --db "$B" export -o "$T/e3.json"
if cmp -s "$T/e2.json" "$T/e3.json"; then ok; else bad "re-import duplicated something: $(diff "$T/e2.json" "$T/e3.json" | head -20)"; fi

# ModernGov: planned start and end survive the round trip
M="$SHARED/corpus/moderngov/xml/GetMeeting_7837.xml"
run --db "$T/m.db" import "$M"
expect "ModernGov import" 0
run --db "$T/m.db" export -o "$T/m1.json"
has "planned start stored and exported" "$T/m1.json" '"planned_start": "12:30"'
has "status stored and exported" "$T/m1.json" '"status": "'
run --db "$T/n.db" import "$T/m1.json"
expect "ModernGov export imported" 0
run --db "$T/n.db" export -o "$T/m2.json"
if cmp -s "$T/m1.json" "$T/m2.json"; then ok; else bad "ModernGov round trip differs: $(diff "$T/m1.json" "$T/m2.json" | head -20)"; fi

# restricted items, from an importer, stored and exported; bad types named
mkdir -p plug/import
cat > plug/import/v4.lua <<'LUA'
local function import(input, sink)
  local bad = input.data:match("bad=(%w+)")
  local m = { title = "Harbour Board", date = "2026-05-04", planned_start = "09:30",
    items = { { number = "1", title = "Open" }, { number = "2", title = "Staffing", restricted = true } } }
  if bad == "restricted" then m.items[2].restricted = "yes" end
  if bad == "planned" then m.planned_end = "half past" end
  if bad == "update" then m.items[1].actions = { { text = "x", updates = { { kind = "close" } } } } end
  sink:meeting(m)
end
return { api = 1, kind = "importer", name = "v4", detect = function() return 0 end, import = import }
LUA
printf 'good\n' > good.txt
CLERK_PLUGIN_PATH="$T/plug" run --db "$T/v.db" import --format v4 good.txt
expect "restricted item imported" 0
run --db "$T/v.db" export -o "$T/v.json"
has "restricted exported" "$T/v.json" '"restricted": true'
has "planned start exported" "$T/v.json" '"planned_start": "09:30"'
for b in restricted planned update; do
  printf 'bad=%s\n' "$b" > "bad_$b.txt"
  CLERK_PLUGIN_PATH="$T/plug" run --db "$T/v.db" import --format v4 "bad_$b.txt"
  expect "bad $b refused" 1; one_line "bad $b: one line"
done
CLERK_PLUGIN_PATH="$T/plug" run --db "$T/v.db" import --format v4 bad_restricted.txt
has "bad restricted: the field named" "$T/err" "items\[2\]\.restricted must be true or false, got string"
CLERK_PLUGIN_PATH="$T/plug" run --db "$T/v.db" import --format v4 bad_planned.txt
has "bad planned_end: the field named" "$T/err" "planned_end must be a time HH:MM, got 'half past'"
CLERK_PLUGIN_PATH="$T/plug" run --db "$T/v.db" import --format v4 bad_update.txt
has "bad update kind: the field named" "$T/err" "updates\[1\]\.kind must be one of done, reopen"

# the JSON reader names bad fields by their JSON path
printf '{"title": "X", "planned_start": "9am", "attendance": [], "items": []}\n' > badtime.json
run --db "$T/v.db" import badtime.json
expect "bad planned_start in JSON" 1
has "bad planned_start in JSON: path named" "$T/err" "planned_start: expected a time HH:MM"
finish
