#!/bin/sh
# run.sh -- every test: C unit tests, the embedding example, Lua plugin tests,
# end-to-end CLI tests; then the C and end-to-end tests again under
# AddressSanitizer/UndefinedBehaviorSanitizer, and the threaded import under
# ThreadSanitizer. Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
PASSED=0
FAILED=0
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT

# Adds the counts of a part that printed "... N passed, N failed" or cmocka's summary.
count() {
  p=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -n "$p" ]; then
    PASSED=$((PASSED + $(echo "$p" | cut -d' ' -f1)))
    FAILED=$((FAILED + $(echo "$p" | cut -d' ' -f3)))
    return
  fi
  # a binary may run several groups: each prints its own summary
  ok=$(grep -Eo '\[  PASSED  \] [0-9]+' "$1" | grep -Eo '[0-9]+$' | awk '{n += $1} END {if (NR) print n}')
  bad=$(grep -Eo '\[  FAILED  \] [0-9]+' "$1" | grep -Eo '[0-9]+$' | awk '{n += $1} END {if (NR) print n}')
  PASSED=$((PASSED + ${ok:-0}))
  FAILED=$((FAILED + ${bad:-0}))
  # a crash before the summary still counts as a failure
  if [ "$2" -ne 0 ] && [ -z "$bad" ]; then FAILED=$((FAILED + 1)); fi
}

part() {   # part NAME COMMAND...
  name=$1; shift
  echo "== $name"
  # a part that hangs (say, a deadlock in the threaded import) fails, not CI
  if [ "$1" = embed ]; then "$@"; else timeout 1200 "$@"; fi > "$LOG/out" 2>&1
  rc=$?
  [ "$rc" -eq 124 ] && echo "$name: timed out after 20 minutes" >> "$LOG/out"
  cat "$LOG/out"
  count "$LOG/out" $rc
}

embed() {  # the embedding example, on a fresh database
  db=$(mktemp -d)/embed.db
  if "$1" "$db" examples/minutes/002_fff9d0c971a28371.txt > "$LOG/embed" 2>&1 &&
     grep -q 'open action(s)' "$LOG/embed" && grep -q 'the CSV report is' "$LOG/embed"; then
    echo "embed example: 1 passed, 0 failed"
  else
    cat "$LOG/embed"; echo "embed example: 0 passed, 1 failed"
  fi
  rm -rf "$(dirname "$db")"
}

for t in build/test/test_*; do part "C: $t" "$t"; done
part "embedding example" embed build/embed_example
part "Lua plugin tests" lua5.4 tests/lua/run.lua
for t in tests/e2e/test_*.sh; do part "end-to-end: $t" env CLERK_BIN=build/clerk sh "$t"; done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in build/asan/test_*; do part "ASan: $t" "$t"; done
part "ASan: embedding example" embed build/asan/embed_example
for t in tests/e2e/test_*.sh; do part "ASan end-to-end: $t" env CLERK_BIN=build/asan/clerk sh "$t"; done

# The threaded import under ThreadSanitizer: the C test and the CLI's.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$PWD/tests/tsan.supp"
part "TSan: threaded import" build/tsan/test_import_many
part "TSan end-to-end: tests/e2e/test_jobs.sh" env CLERK_BIN=build/tsan/clerk sh tests/e2e/test_jobs.sh

echo
echo "all: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
