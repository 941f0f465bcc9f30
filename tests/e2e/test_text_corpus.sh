#!/bin/sh
# test_text_corpus.sh -- the text importer on real minutes of other bodies
# (../shared/corpus/text-minutes): every file imports or is refused with a
# reason, licences are not meetings, a year of notes splits into meetings.
. "$(dirname "$0")/lib.sh"
C="$SHARED/corpus/text-minutes"
[ -d "$C" ] || { echo "test_text_corpus: ../shared/corpus/text-minutes missing"; bad "corpus missing"; finish; exit; }

run import "$C"
expect "import the corpus (some files refused)" 1
has "summary line" "$T/out" "24 files: 20 imported, 0 unchanged, 4 failed"
for lic in kubernetes+community/LICENSE rust-lang+leadership-council/LICENSE-MIT solid+specification/LICENSE.md w3c+publ-wg/LICENSE.md; do
  pat=$(printf "%s" "$lic" | sed "s/[+.]/\\\\&/g")
  has "licence refused: $lic" "$T/err" "$pat: no meeting found"
done
has "a year of notes is four meetings" "$T/out" "2017-meeting-notes.md: 4 meetings"

run extract "$C/kubernetes+community/committee-steering/meeting-notes-archive/2017-meeting-notes.md"
expect "extract the year of notes" 0
python3 - "$T/out" <<'PY' > "$T/py" 2>&1 && ok || bad "year of notes: $(cat "$T/py")"
import json, sys
d = json.load(open(sys.argv[1]))
ms = d["meetings"]
assert [m["date"] for m in ms] == ["2017-12-07", "2017-11-08", "2017-10-25", "2017-10-18"], [m["date"] for m in ms]
first = ms[0]
names = {a["name"]: a for a in first["attendance"]}
assert "Aaron Crickenberger" in names and names["Aaron Crickenberger"]["organisation"] == "Samsung SDS", names
assert names.get("Quinton Hoole", {}).get("status") == "absent", names.get("Quinton Hoole")
PY
finish
