# test_bad_input.sh -- every bad input of issue 2 gives a clear one-line
# error, a non-zero exit, and leaves the database exactly as it was.
. "$(dirname "$0")/lib.sh"

# a database with something in it
run import "$ROOT/tests/fixtures/small_meeting.json"
expect "seed database" 0
snapshot before

run import "$T/missing.txt"
expect "missing file" 1; one_line "missing file"; has "missing file" "$T/err" "missing.txt: No such file"

: > empty.txt
run import empty.txt
expect "empty file" 1; one_line "empty file"; has "empty file" "$T/err" "empty.txt: empty file"

head -c 4096 /dev/urandom > garbage.bin
run import garbage.bin
expect "binary garbage" 1; one_line "binary garbage"; has "binary garbage" "$T/err" "garbage.bin: "

printf 'PK\003\004\024\000\000\000\010\000' > zip.txt
head -c 2000 /dev/urandom >> zip.txt
run import zip.txt
expect ".txt that is a zip" 1; one_line ".txt that is a zip"; has ".txt that is a zip" "$T/err" "zip archive"

printf 'Minutes of the Harbour Board\nHeld on 3 March 2021\n\nPresent: Ann Smith\n\377\376 broken\n' > latin.txt
run import latin.txt
expect "invalid UTF-8" 1; one_line "invalid UTF-8"; has "invalid UTF-8" "$T/err" "latin.txt: .*line 5.*UTF-8"

truncate -s 200M big.txt
run import big.txt
expect "200 MB file" 1; one_line "200 MB file"; has "200 MB file" "$T/err" "big.txt: 209.7 MB is more than"
rm -f big.txt

mkdir -p plug/import
printf 'return { api = 1, kind = "importer", name = "broken",\n' > plug/import/broken.lua
printf 'return { api = 1, kind = "importer", name = "noimport", detect = function() return 0 end }\n' > plug/import/noimport.lua
CLERK_PLUGIN_PATH="$T/plug" run plugins
expect "plugins lists failures" 0
has "syntax error listed" "$T/out" "broken.lua"
has "missing import listed" "$T/out" "noimport.lua: field 'import' must be a function"
CLERK_PLUGIN_PATH="$T/plug" run import --format noimport "$ROOT/tests/fixtures/small_meeting.json"
expect "plugin missing import" 1; one_line "plugin missing import"; has "plugin missing import" "$T/err" "no importer named 'noimport'"
CLERK_PLUGIN_PATH="$T/plug" run import --format broken "$ROOT/tests/fixtures/small_meeting.json"
expect "plugin with a syntax error" 1; one_line "plugin with a syntax error"

printf 'return { api = 1, kind = "importer", name = "crashy", detect = function() return 99 end,\n  import = function(input, sink) sink:meeting({ title = "x" }); local t = nil; return t.x end }\n' > plug/import/crashy.lua
CLERK_PLUGIN_PATH="$T/plug" run import latin.txt
expect "plugin raising mid-import" 1; one_line "plugin raising mid-import"
has "internal error names the plugin file" "$T/err" "internal error in importer 'crashy': .*crashy.lua:2"

snapshot after
same "database unchanged by bad input" before after

# a corrupt database: garbage where the file should be
head -c 8192 /dev/urandom > corrupt.db
CLERK_DB="$T/corrupt.db" run actions
expect "corrupt database" 1; one_line "corrupt database"; has "corrupt database" "$T/err" "corrupt.db: not a Clerk database"
CLERK_DB="$T/corrupt.db" run import "$ROOT/tests/fixtures/small_meeting.json"
expect "import into corrupt database" 1

# a database from a newer schema version
cp clerk.db newer.db
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=99'); c.commit()" newer.db
CLERK_DB="$T/newer.db" run actions
expect "newer schema" 1; one_line "newer schema"; has "newer schema" "$T/err" "newer Clerk"

# a read-only database (run as an unprivileged user when we are root)
mkdir -p ro && cp clerk.db ro/clerk.db && chmod 755 ro && chmod 444 ro/clerk.db
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
  AS="runuser -u nobody --"
  chmod 755 "$T"; chmod 644 "$ROOT/tests/fixtures/small_meeting.json" 2>/dev/null
else
  AS=""
fi
cp "$ROOT/tests/fixtures/other_meeting.json" "$T/other.json"; chmod 644 "$T/other.json"
$AS env CLERK_DB="$T/ro/clerk.db" "$CLERK" import "$T/other.json" > "$T/out" 2> "$T/err"; rc=$?
expect "read-only database" 1; one_line "read-only database"; has "read-only database" "$T/err" "read-only"
$AS env CLERK_DB="$T/ro/clerk.db" "$CLERK" actions > "$T/out" 2> "$T/err"; rc=$?
expect "read-only database can be read" 0

# usage errors exit 2
run frobnicate
expect "unknown command" 2
run import --bogus x
expect "unknown option" 2
run report actions --format nosuch
expect "unknown format" 1; has "unknown format" "$T/err" "no format named 'nosuch'"
run report actions --colour red
expect "unknown report option" 2; has "unknown report option" "$T/err" "no option 'colour'"

finish
