#!/bin/sh
# test_jobs.sh -- `clerk import --jobs N`: worker threads read and interpret,
# the main thread writes in order, so the lines printed, the exit status and
# the database are those of --jobs 1, failures and re-imports included.
. "$(dirname "$0")/lib.sh"

mkdir -p in/sub
cp "$ROOT"/examples/minutes/*.txt in/
cp "$ROOT"/tests/fixtures/docx/minutes.docx "$ROOT"/tests/fixtures/docx/who_by.docx in/sub/
: > in/empty.txt
printf 'PK\003\004 not really a zip' > in/sub/broken.docx
cp "$ROOT/examples/minutes/001_934ad2baff9fb34c.txt" in/sub/copy_of_001.txt   # same bytes twice

for j in 1 2 3; do
  CLERK_DB="$T/j$j.db" "$CLERK" import --rules "" --jobs $j in > "$T/out$j" 2> "$T/err$j"
  echo $? > "$T/rc$j"
  CLERK_DB="$T/j$j.db" "$CLERK" export > "$T/export$j" 2>&1
done
has "serial import reports" "$T/out1" "^10 files: 7 imported, 1 unchanged, 2 failed$"
has "the empty file fails" "$T/err1" "empty.txt: empty file"
has "exit status 1 with failures" "$T/rc1" "^1$"
for j in 2 3; do
  if cmp -s "$T/out1" "$T/out$j" && cmp -s "$T/err1" "$T/err$j" && cmp -s "$T/rc1" "$T/rc$j"; then ok
  else bad "--jobs $j prints what --jobs 1 prints: $(diff "$T/out1" "$T/out$j" | head -5)"; fi
  if cmp -s "$T/export1" "$T/export$j"; then ok; else bad "--jobs $j gives the database --jobs 1 gives"; fi
done

# again with threads: nothing changes, nothing is interpreted twice
CLERK_DB="$T/j2.db" "$CLERK" import --rules "" --jobs 2 in > "$T/again" 2>&1
has "re-import with threads: all unchanged" "$T/again" "^10 files: 0 imported, 8 unchanged, 2 failed$"
CLERK_DB="$T/j2.db" "$CLERK" export > "$T/export2b" 2>&1
if cmp -s "$T/export2" "$T/export2b"; then ok; else bad "re-import with threads changed the database"; fi

# a changed file replaces its earlier version, with threads as without
printf '\nAny other business: none.\n' >> in/000_be07491f6dd20c10.txt
CLERK_DB="$T/j2.db" "$CLERK" import --rules "" --jobs 2 in > "$T/replace" 2>&1
has "a changed file is replaced" "$T/replace" "^replaced .*000_be07491f6dd20c10.txt"

run import --jobs 0 in
expect "--jobs 0 is a usage error" 2
has "--jobs 0 says what it needs" "$T/err" "number of threads from 1 to 64"
run import --jobs in
expect "--jobs without a number" 2
run import --jobs 2x in
expect "--jobs 2x" 2
run help import
has "help names --jobs" "$T/out" "--jobs N"

finish
