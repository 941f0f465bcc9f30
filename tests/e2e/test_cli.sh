# test_cli.sh -- the clerk binary on real minutes: import, re-import, replace,
# actions, reports in every writer, search, people, export -> import round
# trip, extract scored by ../shared/eval, the Lua module and `clerk run`.
. "$(dirname "$0")/lib.sh"

run import "$ROOT/examples/minutes"
expect "import the bundled seeds" 0
has "five files imported" "$T/out" "5 files: 5 imported, 0 unchanged, 0 failed"
run import "$ROOT/examples/minutes"
expect "re-import" 0
has "re-import changes nothing" "$T/out" "5 files: 0 imported, 5 unchanged, 0 failed"

run actions
expect "actions" 0
has "actions lists an owner" "$T/out" "Jade Hodgson"
has "actions shows meeting dates" "$T/out" "2018-09-26"
n_open=$(grep -c '^  - #' "$T/out")
if [ "$n_open" -ge 20 ]; then ok; else bad "fewer open actions than expected: $n_open"; fi

for f in markdown csv json html text; do
  run report actions --format $f -o "$T/actions.$f"
  expect "actions as $f" 0
  if [ -s "$T/actions.$f" ]; then ok; else bad "actions.$f is empty"; fi
done
has "html is a page" "$T/actions.html" "<html"
hasnt "html has no external resources" "$T/actions.html" "(src|href)=\"https?:"
python3 - "$T/actions.csv" "$T/actions.json" <<'PY' > "$T/py" 2>&1 && ok || bad "csv/json do not parse: $(cat "$T/py")"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) > 5, rows
json.load(open(sys.argv[2], encoding="utf-8"))
PY

run search "community payback"
expect "search" 0
has "search finds the phrase" "$T/out" "[Pp]ayback"
run search '"unbalanced'
expect "bad search syntax" 1; one_line "bad search syntax"

run people
expect "people" 0
has "people lists attendees" "$T/out" "Bernice Vanier"

# a changed file replaces the records of its earlier version
cp "$ROOT/examples/minutes/004_2f9fe7d64bae9417.txt" "$T/changing.txt"
run import "$T/changing.txt"
expect "import a copy" 0
has "same bytes elsewhere are not imported twice" "$T/out" "unchanged"
printf '\n177. ANY FURTHER BUSINESS\n\nNone.\n' >> "$T/changing.txt"
run import "$T/changing.txt"
expect "import a changed file" 0
run import "$T/changing.txt"
has "unchanged after" "$T/out" "unchanged"
before=$("$CLERK" export | grep -c '"date": "2015-10-08"')
printf '\n178. ONE MORE ITEM\n\nStill none.\n' >> "$T/changing.txt"
run import "$T/changing.txt"
expect "import a changed file again" 0
has "changed file replaces" "$T/out" "^replaced"
after=$("$CLERK" export | grep -c '"date": "2015-10-08"')
if [ "$before" = "$after" ]; then ok; else bad "replacing added meetings: $before -> $after"; fi

# extract: valid interchange JSON for every seed, scored against the labels
mkdir -p pred
for f in "$ROOT"/examples/minutes/*.txt; do
  "$CLERK" extract "$f" > "pred/$(basename "$f" .txt).json" 2> "$T/err"; rc=$?
  expect "extract $(basename "$f")" 0
done
run extract --explain "$ROOT/examples/minutes/002_fff9d0c971a28371.txt"
expect "extract --explain" 0
has "explain shows rules" "$T/out" "\\["
if [ -d "$SHARED/eval/gold" ]; then
  python3 "$SHARED/eval/score.py" --gold "$SHARED/eval/gold" --pred pred --json > score.json
  python3 - score.json <<'PY' > "$T/py" 2>&1 && ok || bad "extraction below the bar: $(cat "$T/py")"
import json, sys
s = json.load(open(sys.argv[1]))["total"]
assert s["actions"]["f1"] >= 0.7, s["actions"]
PY
fi

# a rules file teaches a council's own style: markers, labels, group words
run extract "$ROOT/tests/fixtures/custom_style.txt"
expect "extract without rules" 0
hasnt "no actions without the rules" "$T/out" "publish the revised fee table"
run extract --rules "$ROOT/scripts/rules-example.lua" "$ROOT/tests/fixtures/custom_style.txt"
expect "extract with rules" 0
has "Task: marker found" "$T/out" "publish the revised fee table"
has "Attended by: list read" "$T/out" "\"name\": \"Helen Marsh\""
has "due date read" "$T/out" "2025-03-31"
has "Next step: marker found" "$T/out" "patrol the east quay"
has "due clause leaves the task" "$T/out" "\"text\": \"publish the revised fee table\","
has "abbreviated organisation expanded" "$T/out" "\"organisation\": \"Riverside Harbour Trust\""
has "abbreviation as owner" "$T/out" "\"Riverside Harbour Trust\""
# the user's own rules file is read when no --rules is given; --rules "" skips it
mkdir -p "$XDG_CONFIG_HOME/clerk" && cp "$ROOT/scripts/rules-example.lua" "$XDG_CONFIG_HOME/clerk/rules.lua"
run extract "$ROOT/tests/fixtures/custom_style.txt"
expect "extract with the user's rules" 0
has "user rules file read" "$T/out" "publish the revised fee table"
run extract --rules "" "$ROOT/tests/fixtures/custom_style.txt"
expect "extract with no rules at all" 0
hasnt "--rules '' skips the user's rules" "$T/out" "publish the revised fee table"
printf 'return 7\n' > "$XDG_CONFIG_HOME/clerk/rules.lua"
run extract "$ROOT/tests/fixtures/custom_style.txt"
expect "broken user rules file" 1; has "broken user rules file named" "$T/err" "clerk/rules.lua"
rm -f "$XDG_CONFIG_HOME/clerk/rules.lua"
# --explain names the rule and the words of meeting-level fields too
run extract --explain "$ROOT/tests/fixtures/custom_style.txt"
has "explain: date rule" "$T/out" "date: 2025-03-04 \[header.date\] line 3"
printf 'return { action_markers = 42 \n' > badrules.lua
run extract --rules badrules.lua "$ROOT/tests/fixtures/custom_style.txt"
expect "broken rules file" 1; one_line "broken rules file"; has "broken rules file" "$T/err" "badrules.lua"

# export -> import round trip: same meetings, items and actions
"$CLERK" extract "$ROOT/examples/minutes/002_fff9d0c971a28371.txt" > one.json
CLERK_DB="$T/round.db" "$CLERK" import one.json > /dev/null 2> "$T/err"; rc=$?
expect "import extracted JSON" 0
CLERK_DB="$T/round.db" "$CLERK" export > back.json
python3 - one.json back.json <<'PY' > "$T/py" 2>&1 && ok || bad "round trip differs: $(cat "$T/py")"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))["meetings"][0]
strip = lambda m: {k: m.get(k) for k in ("body", "date", "start", "venue", "next_meeting")}
assert strip(a) == strip(b), (strip(a), strip(b))
assert [i["title"] for i in a["items"]] == [i["title"] for i in b["items"]]
acts = lambda m: [(x["text"], sorted(x["owners"])) for i in m["items"] for x in i["actions"]]
assert acts(a) == acts(b), (acts(a), acts(b))
assert sorted(x["name"] for x in a["attendance"]) == sorted(x["name"] for x in b["attendance"])
PY

# clerk run: a trusted script with db and clerk
cat > script.lua <<'LUA'
local n = 0
for a in db:actions{status = "open"} do n = n + 1 end
local m = 0
for row in db:query("SELECT count(*) AS c FROM meeting WHERE date >= ?", arg[1]) do m = row.c end
print(string.format("open=%d meetings_since=%d version=%s", n, m, clerk.version))
LUA
run run script.lua 2016-01-01
expect "clerk run" 0
has "script sees db and args" "$T/out" "open=[0-9]+ meetings_since=3 version="
printf 'error("boom")\n' > fails.lua
run run fails.lua
expect "failing script" 1; has "script error is reported" "$T/err" "boom"

# the Lua module under stock lua5.4 (not under ASan: lua5.4 itself is not instrumented)
case "$CLERK" in
  */asan/*) ;;
  *)
    CLERK_DB="$T/seeds.db" "$CLERK" import -q "$ROOT/examples/minutes"
    cd "$ROOT" && lua5.4 tests/e2e/lua_api.lua "$T/seeds.db" > "$T/out" 2>&1; rc=$?; cd "$T"
    expect "Lua API: $(tail -n 3 "$T/out")" 0
    ;;
esac

finish
