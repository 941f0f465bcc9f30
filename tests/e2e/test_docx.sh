#!/bin/sh
# test_docx.sh -- Word .docx: `clerk text`, import of invented minutes
# (action and attendee tables), hostile files, pandoc's 130 test documents
# (no crash, no hang, no error), and the real minutes of the shared corpus
# against tests/fixtures/docx/corpus_expected.txt.
. "$(dirname "$0")/lib.sh"
FIX="$ROOT/tests/fixtures/docx"

# flat NAME FILE: extract's JSON on one line, blanks squeezed, into $T/flat
flat() { tr -d '\n' < "$1" | sed 's/  */ /g' > "$T/flat"; }

# -- clerk text ----------------------------------------------------------------
run text "$FIX/features.docx"
expect "text features" 0
has "list labels" "$T/out" '^1\. one$'
has "nested list label" "$T/out" '^a\) one-a$'
has "roman label" "$T/out" '^IV\. fourth roman$'
has "ordinal as plain text" "$T/out" 'Met on the 21st of May'
has "tracked insertion kept" "$T/out" 'Tracked inserted words'
hasnt "tracked deletion dropped" "$T/out" 'deleted'
hasnt "field instruction dropped" "$T/out" 'MERGEFORMAT'
has "row with merged cell" "$T/out" "$(printf '^wide\t\tc1$')"
has "footnote at the end" "$T/out" '^\[1\] The footnote text\.$'
hasnt "header not in body text" "$T/out" 'Running header words'
run text --all "$FIX/features.docx"
has "--all adds headers" "$T/out" '^Running header words$'
has "--all adds comments" "$T/out" '^A reviewer comment$'
printf 'Plain minutes\n\nDate: 1 May 2024\n' > "$T/plain.txt"
run text "$T/plain.txt"
expect "text passes plain text through" 0
if cmp -s "$T/out" "$T/plain.txt"; then ok; else bad "plain text changed"; fi
run text
expect "text without a file" 2

# -- hostile files: one clear line each, nothing stored --------------------------
check_refused() {  # NAME FILE PATTERN
  run text "$2"
  expect "$1 (text)" 1
  one_line "$1 (text)"
  has "$1 (text) message" "$T/err" "$3"
  run import "$2"
  expect "$1 (import)" 1
  has "$1 (import) message" "$T/err" "$3"
}
check_refused "zip bomb" "$FIX/hostile/bomb.docx" 'zip bomb'
check_refused "lying size" "$FIX/hostile/lying_size.docx" 'declared size'
check_refused "encrypted" "$FIX/hostile/encrypted.docx" 'encrypted'
check_refused "truncated" "$FIX/hostile/truncated.docx" 'truncated'
check_refused "old .doc renamed" "$FIX/hostile/old_word.docx" '\.doc'
check_refused "no document.xml" "$FIX/hostile/no_document.docx" 'word/document\.xml'
check_refused "DTD" "$FIX/hostile/dtd.docx" 'DTD'
check_refused "external entity" "$FIX/hostile/external_entity.docx" 'DTD'
check_refused "malformed XML" "$FIX/hostile/malformed.docx" 'not well-formed'
check_refused "deep nesting" "$FIX/hostile/deep.docx" 'too deeply'
run actions
has "nothing stored from hostile files" "$T/out" 'No open actions'

# -- import: structured tables ---------------------------------------------------
run import "$FIX/minutes.docx"
expect "import minutes.docx" 0
run extract "$FIX/minutes.docx"
flat "$T/out"
has "attendee table: the name without its title, the role" "$T/flat" '"name": "Alma Reyes", "status": "present", "role": "Chair"'
has "attendee table: apologies; the title is the role when none is given" "$T/flat" '"name": "Ines Okafor", "status": "apologies", "role": "Cllr"'
has "numbered headings are items" "$T/flat" '"number": "2", "title": "Playground refurbishment"'
has "action table: owner and due" "$T/flat" '"text": "Obtain a fourth quote for the playground surface", "status": "open", "owners": \[ "Tomas Berg" \], "due": "2025-03-31"'
has "action table: done" "$T/flat" '"text": "Update the noticeboard", "status": "done"'
run actions --open
has "actions listed" "$T/out" 'Obtain a fourth quote'
run extract "$FIX/who_by.docx"
flat "$T/out"
has "who/by table under a title row" "$T/flat" '"text": "Replace the trough valve", "status": "open", "owners": \[ "Omar Haddad" \], "due": "2024-06-30"'
has "merged owner cell carried down" "$T/flat" '"text": "Order two new water butts", "status": "open", "owners": \[ "Omar Haddad" \], "due": "2024-07-15"'
run extract --explain "$FIX/who_by.docx"
has "explain shows the docx words" "$T/out" '"Replace the trough valve"'
has "explain names the table rule" "$T/out" 'tables\.actions'
run import "$FIX/placeholders.docx"
expect "template placeholders" 1
has "template: no meeting" "$T/err" 'no meeting found'

# -- pandoc's test documents: every one read, none crashes or hangs -----------------
n=0
for f in $(find "$SHARED/corpus/docx-peer/pandoc/test" -name '*.docx' | sort); do
  n=$((n + 1))
  timeout 20 "$CLERK" text "$f" > "$T/p.out" 2> "$T/p.err"
  st=$?
  if [ "$st" -eq 0 ]; then ok; else bad "pandoc corpus: $f: exit $st: $(head -c 200 "$T/p.err")"; fi
done
if [ "$n" -ge 130 ]; then ok; else bad "pandoc corpus: found $n .docx files, wanted 130"; fi

# -- real minutes: expected records ------------------------------------------------
MIN="$SHARED/corpus/docx-minutes"
grep -v '^#' "$FIX/corpus_expected.txt" | grep -v '^$' > "$T/expected"
while IFS= read -r line; do
  file=${line%% | *}
  want=${line#* | }
  "$CLERK" extract "$MIN/$file" > "$T/x.out" 2> "$T/x.err"
  st=$?
  case "$want" in
    !*) if [ "$st" -eq 1 ] && grep -q -- "${want#!}" "$T/x.err"; then ok; else bad "$file: wanted failure '${want#!}', got exit $st"; fi ;;
    *) flat "$T/x.out"
       if [ "$st" -eq 0 ] && grep -Eq -- "$want" "$T/flat"; then ok; else bad "$file: no /$want/ (exit $st $(head -c 200 "$T/x.err"))"; fi ;;
  esac
done < "$T/expected"
for f in "$MIN"/*/*.docx "$MIN"/*/*/*.docx; do
  case "$f" in *JamesGopsill*) continue ;; esac
  run import "$f"
  expect "import $(basename "$f")" 0
done

finish
