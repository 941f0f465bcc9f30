# test_register.sh -- the action register over a series of three meetings of
# one body (tests/fixtures/register): the second reviews the first's actions
# by number, by code and by re-listing, the third closes some. Imported in
# order, out of order, and with one meeting re-imported changed, every
# action's status and history must come out the same; officers' updates
# survive a re-import.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/register"

# state DB: one line per action, "date ref status events", from `clerk action show --format json`
state() {
  python3 - "$1" "$CLERK" <<'PY'
import json, sqlite3, subprocess, sys
db, clerk = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
for aid, date, ref, text in c.execute("SELECT id, meeting_date, coalesce(ref, '-'), text FROM action ORDER BY meeting_date, (SELECT position FROM item WHERE id = item_id), position, id"):
    out = subprocess.run([clerk, "--db", db, "action", "show", str(aid), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    hist = ",".join("%s:%s" % (e["what"].split()[0], e.get("status") or "-") for e in d["history"])
    print(date, ref, d["action"]["status"], hist)
PY
}

cat > "$T/want" <<'EOF2'
2026-03-04 1 done agreed:open,reviewed:-,reviewed:done
2026-03-04 2 done agreed:open,reviewed:done
2026-03-04 3 done agreed:open,reviewed:done
2026-03-04 TCS04 superseded agreed:open,re-listed:open,reviewed:open,reviewed:done
2026-03-04 TCS05 done agreed:open,reviewed:done
2026-05-06 TCS04 done agreed:open,re-listed:open,reviewed:open,reviewed:done
2026-05-06 6 done agreed:open,reviewed:done
2026-05-06 7 done agreed:open,reviewed:done
2026-05-06 8 open agreed:open
2026-07-01 9 open agreed:open
EOF2

for order in "01 02 03" "03 02 01" "02 03 01" "01 03 02"; do
  db="$T/o$(echo $order | tr -d ' ').db"
  for n in $order; do "$CLERK" --db "$db" import "$FX/${n}_"*.txt > /dev/null 2>"$T/err" || bad "import $n: $(cat "$T/err")"; done
  state "$db" > "$T/got" 2>"$T/err"
  if cmp -s "$T/want" "$T/got"; then ok; else bad "order $order: $(diff "$T/want" "$T/got" | head -20) $(head -c 300 "$T/err")"; fi
done

# re-import: the second meeting changed (a line added): the same register, no duplicated history
cp "$FX"/0*.txt "$T/"
for n in 01 02 03; do "$CLERK" import "$T/${n}_"*.txt > /dev/null; done
printf '\nThe meeting closed at 11:45.\n' >> "$T/02_may.txt"
run import "$T/02_may.txt"
expect "re-import the changed second meeting" 0
has "it replaced the old version" "$T/out" "replac"
state "$CLERK_DB" > "$T/got"
if cmp -s "$T/want" "$T/got"; then ok; else bad "after re-import: $(diff "$T/want" "$T/got" | head -20)"; fi

# officers' updates
id8=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM action WHERE ref='8'\").fetchone()[0])" "$CLERK_DB")
id9=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM action WHERE ref='9'\").fetchone()[0])" "$CLERK_DB")
run action done "$id8" --note "Youth Council came in July"
expect "action done" 0
run action due "$id9" 2026-08-15
expect "action due" 0
run action reassign "$id9" "Leah Pemberton"
expect "action reassign" 0
run action due "$id9" "next week"
expect "a due date that is not a date" 1
one_line "bad due date: one line"
run action done 999999
expect "no such action" 1
run action show "$id8"
expect "action show" 0
has "show: the officer's note" "$T/out" "Youth Council came in July"
has "show: status done" "$T/out" "Status +done"
has "show: the words of the minutes" "$T/out" "Action 8: Miriam Okafor to invite"
run action show "$id9"
has "show: new owner" "$T/out" "Owners +Leah Pemberton"
has "show: new due date" "$T/out" "Due +2026-08-15"
has "show: old due date kept" "$T/out" "was 2026-07-31"

# the updates survive re-importing the meetings they belong to
printf '\nSigned: Chair\n' >> "$T/02_may.txt"
printf '\nSigned: Chair\n' >> "$T/03_july.txt"
"$CLERK" import "$T/02_may.txt" "$T/03_july.txt" > /dev/null
new8=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id||' '||status FROM action WHERE ref='8'\").fetchone()[0])" "$CLERK_DB")
case "$new8" in *" done") ok ;; *) bad "action 8 after re-import: $new8" ;; esac
run action show "${new8% *}"
has "note survives re-import" "$T/out" "Youth Council came in July"
run actions --owner "Leah Pemberton"
has "reassignment survives re-import" "$T/out" "publish the summer programme"
has "due date survives re-import" "$T/out" "due 2026-08-15, overdue"

# the actions report: overdue and filters
run actions --today 2026-08-20
has "overdue counted" "$T/out" "1 overdue"
run actions --today 2026-08-01
hasnt "not overdue before its due date" "$T/out" "overdue"
finish
