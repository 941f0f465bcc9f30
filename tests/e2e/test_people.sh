# test_people.sh -- one person per real person across meetings: titles and a
# surname alone resolve once the full name is known, a surname two people
# share stays unresolved and is listed by --ambiguous; officers' merge,
# alias and split corrections, and their surviving a re-import.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/register/people"
cp "$FX"/m*.json "$T/"
for f in m1_jan m2_feb m3_mar m4_apr; do "$CLERK" import "$T/$f.json" > /dev/null || bad "import $f"; done

# people_json: "name|meetings|actions" per person
people() { "$CLERK" people --format json | python3 -c "
import json, sys
for p in json.load(sys.stdin)['people']: print('%s|%s|%s' % (p['name'], p['meetings'], p['actions']))"; }

people > "$T/p1"
has "Cllr Selman, Cllr Caroline Selman, Caroline Selman, Cllr. Selman: one person, 3 meetings" "$T/p1" "^Cllr Caroline Selman\|3\|1$"
has "Dr Priya Vance and Priya Vance: one person" "$T/p1" "^Dr Priya Vance\|2\|0$"
hasnt "no separate Cllr Selman" "$T/p1" "^Cllr Selman\|"
n=$(wc -l < "$T/p1")
if [ "$n" -eq 5 ]; then ok; else bad "wanted 5 people, got $n: $(cat "$T/p1")"; fi

run people --ambiguous
expect "people --ambiguous" 0
has "Cllr Ahmed is ambiguous" "$T/out" "Cllr Ahmed +[0-9]+ +2026-03-09 +Sara Ahmed; Yusuf Ahmed"

# alias: the officer says who "Cllr Ahmed" is
run people alias "Sara Ahmed" "Cllr Ahmed"
expect "people alias" 0
run people --ambiguous
has "nothing ambiguous left" "$T/out" "No ambiguous names"
people > "$T/p2"
has "Sara Ahmed now has the meetings and the action" "$T/p2" "^Sara Ahmed\|3\|1$"

# merge: Carrie Selman is Caroline
run people merge "Caroline Selman" "Carrie Selman"
expect "people merge" 0
people > "$T/p3"
has "merged: 4 meetings" "$T/p3" "^Cllr Caroline Selman\|4\|1$"
hasnt "Carrie gone" "$T/p3" "^Carrie Selman"
run people merge "Caroline Selman" "Nobody Known"
expect "merge with nobody" 1

# the corrections survive re-importing the meetings (changed files)
for f in m3_mar m4_apr; do
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['venue']='Room 4'; json.dump(d, open(sys.argv[1],'w'))" "$T/$f.json"
  run import "$T/$f.json"
  has "re-import $f replaced it" "$T/out" "replaced"
done
people > "$T/p4"
if cmp -s "$T/p3" "$T/p4"; then ok; else bad "corrections lost on re-import: $(diff "$T/p3" "$T/p4")"; fi

# split: Carrie is somebody else after all
run people split "Caroline Selman" "Carrie Selman"
expect "people split" 0
people > "$T/p5"
has "split: Carrie again" "$T/p5" "^Carrie Selman\|1\|0$"
has "split: Caroline keeps the rest" "$T/p5" "^Cllr Caroline Selman\|3\|1$"
run people split "Caroline Selman" "Priya Vance"
expect "split of a name that is not an alias" 1
run people merge "Caroline Selman"
expect "merge needs two names" 2
finish
