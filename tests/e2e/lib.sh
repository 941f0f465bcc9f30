# lib.sh -- helpers for end-to-end tests of the clerk binary. Source it.
# Each check prints nothing on success and one FAIL line otherwise;
# finish prints "NAME: N passed, N failed" and sets the exit status.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLERK=${CLERK_BIN:-build/clerk}
case "$CLERK" in /*) ;; *) CLERK="$ROOT/$CLERK" ;; esac
SHARED="$ROOT/../shared"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
export CLERK_DB="$T/clerk.db"
unset CLERK_PLUGIN_PATH
export XDG_CONFIG_HOME="$T/config"       # no user plugins leak in
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run CMD...: runs clerk, keeping stdout, stderr and status in $T/out, $T/err, $rc
run() { "$CLERK" "$@" > "$T/out" 2> "$T/err"; rc=$?; }

# expect NAME STATUS: the last run exited with STATUS
expect() { if [ "$rc" = "$2" ]; then ok; else bad "$1: exit $rc, wanted $2; stderr: $(head -c 400 "$T/err")"; fi; }
# has NAME FILE PATTERN: FILE matches the extended regex
has() { if grep -Eq -- "$3" "$2"; then ok; else bad "$1: no /$3/ in $(head -c 400 "$2")"; fi; }
hasnt() { if grep -Eq -- "$3" "$2"; then bad "$1: unexpected /$3/ in $(head -c 400 "$2")"; else ok; fi; }
# one_line NAME: the error of the last run is exactly one line naming clerk
one_line() {
  n=$(wc -l < "$T/err")
  if [ "$n" -eq 1 ] && grep -q '^clerk: ' "$T/err"; then ok; else bad "$1: wanted one error line, got: $(head -c 400 "$T/err")"; fi
}
# snapshot: the database's content as text, to prove it did not change
snapshot() { "$CLERK" export > "$1" 2>&1; "$CLERK" people >> "$1" 2>&1; }
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: database changed"; fi; }

finish() {
  echo "$(basename "$0" .sh): $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
