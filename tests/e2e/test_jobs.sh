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

# plugin failures: an importer's crash on one file goes on to the next; an
# importer giving bad records fails every file alike, so the import stops at once
mkdir -p plug/import
cat > plug/import/touchy.lua <<'LUA'
return { api = 1, kind = "importer", name = "touchy", extensions = { "touchy" },
  detect = function(input) return input.name:match("%.touchy$") and 100 or 0 end,
  import = function(input, sink)
    if input.data:find("BOOM", 1, true) then local t = nil; return t.x end
    sink:meeting { title = input.data:match("^[^\n]*"), date = "2024-05-0" .. #input.name % 9 + 1 }
  end }
LUA
printf 'return { api = 1, kind = "importer", name = "sloppy", detect = function() return 0 end,\n  import = function(input, sink) sink:meeting { title = {} } end }\n' > plug/import/sloppy.lua
mkdir -p t
for i in 1 2 3 4 5 6; do printf 'Meeting %s\n' "$i" > "t/m$i.touchy"; done
printf 'BOOM\n' > t/m3.touchy
for j in 1 2; do
  CLERK_PLUGIN_PATH="$T/plug" CLERK_DB="$T/p$j.db" "$CLERK" import --jobs $j t > "$T/pout$j" 2> "$T/perr$j"
  CLERK_PLUGIN_PATH="$T/plug" CLERK_DB="$T/b$j.db" "$CLERK" import --jobs $j --format sloppy t > "$T/bout$j" 2> "$T/berr$j"
done
has "an importer's crash is reported" "$T/perr1" "m3.touchy: internal error in importer 'touchy'"
has "the other files import" "$T/pout1" "^6 files: 5 imported, 0 unchanged, 1 failed$"
if cmp -s "$T/pout1" "$T/pout2" && cmp -s "$T/perr1" "$T/perr2"; then ok; else bad "a crashing importer: --jobs 2 differs from --jobs 1"; fi
n=$(wc -l < "$T/berr1")
if [ "$n" -eq 1 ]; then ok; else bad "bad records stop the import at once: $n error lines"; fi
has "bad records are named" "$T/berr1" "m1.touchy: importer gave a bad record: meeting\[1\].title must be a string"
if cmp -s "$T/bout1" "$T/bout2" && cmp -s "$T/berr1" "$T/berr2"; then ok; else bad "bad records: --jobs 2 differs from --jobs 1: $(cat "$T/berr2")"; fi

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
