# test_sandbox.sh -- clerk report --script runs a user's report in a sandbox:
# os.execute, io.popen, loading C modules, load of bytecode and the shared
# string metatable are refused with a clear error; an endless loop and a
# memory bomb are stopped by their limits; a well-behaved script works in
# every writer, and so do the two worked examples in scripts/.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/register"
for n in 01 02 03; do "$CLERK" import "$FX/${n}_"*.txt > /dev/null || bad "import $n"; done
export CLERK_SCRIPT_MAX_MB=64 CLERK_SCRIPT_MAX_STEPS=20000000 CLERK_SCRIPT_MAX_SECONDS=20

script() { printf '%s\n' "$2" > "$T/$1.lua"; }
# refused NAME PATTERN: the script fails with exit 1 and one clear line
refused() {
  run report --script "$T/$1.lua"
  expect "$1 refused" 1
  one_line "$1: one error line"
  has "$1: clear message" "$T/err" "$2"
}

script exec 'return function(db) os.execute("touch '"$T"'/pwned") return {} end'
refused exec "os.execute is not allowed in a report script"
if [ -e "$T/pwned" ]; then bad "os.execute ran"; else ok; fi
script popen 'return function(db) local p = io.popen("id"); return { title = p:read("a") } end'
refused popen "io.popen is not allowed in a report script"
script writefile 'return function(db) io.open("'"$T"'/out.txt", "w"):write("x") return {} end'
refused writefile "io.open is not allowed in a report script"
script cmodule 'local lfs = require "lfs"; return function() return {} end'
refused cmodule "never C modules"
script loadlib 'return function() package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system") return {} end'
refused loadlib "package.loadlib is not allowed"
script bytecode 'return function() return load(string.dump(function() end))() end'
refused bytecode "is not allowed in a report script"
script strmeta 'return function() getmetatable("").__index.rep = nil return {} end'
refused strmeta "attempt to index a nil value"
script loop 'return function() while true do end end'
refused loop "ran more than 20 million instructions"
script loop_pcall 'return function() while true do pcall(function() while true do end end) end end'
refused loop_pcall "report script stopped"
script membomb 'return function() local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(4096) .. i end end'
refused membomb "used more than 64 MiB of memory"
script sqlbomb 'return function(db)
  for r in db:query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c") do end
  return {}
end'
CLERK_SCRIPT_MAX_SECONDS=2 refused sqlbomb "ran longer than 2 seconds"
script trap 'return function(db)
  return { title = "x", blocks = setmetatable({}, { __index = function() while true do end end }) }
end'
refused trap "ran more than 20 million instructions"
script nested 'return function(db)
  local out, msg = db:report("script:'"$T"'/loop.lua")
  error(msg or "nested report ran", 0)
end'
refused nested "cannot run other reports"
printf '\033Lua' > "$T/precompiled.lua"
refused precompiled "precompiled Lua is not allowed"

# the engine is still sound after a stopped script: a normal report in the same process is
# covered by the next command in a new process; here check a good script works in every writer
script good 'return { options = { owner = {} }, build = function(db, opts)
  local rows = {}
  for a in db:actions{ status = "open", owner = opts.owner } do rows[#rows + 1] = { text = a.text, due = a.due } end
  return { title = "Open: " .. #rows, blocks = { { type = "table", rows = rows,
    columns = { { key = "text", title = "Action" }, { key = "due", title = "Due" } } } } }
end }'
for w in text markdown csv json html docx ics; do
  run report --script "$T/good.lua" --format "$w" -o "$T/good.$w"
  expect "good script as $w" 0
done
has "good script reads the database" "$T/good.markdown" "Open: 2"
run report --script "$T/good.lua" --colour red
expect "undeclared option" 2
run report --script "$T/missing.lua"
expect "missing script" 1

run report --script "$ROOT/scripts/report-actions-per-agency.lua"
expect "example: actions per agency" 0
has "example: an agency" "$T/out" "Wexcombe Housing Trust"
run report --script "$ROOT/scripts/report-overdue-90-days.lua" --today 2026-12-01
expect "example: overdue 90 days" 0
has "example: the old action" "$T/out" "publish the summer programme"
run report --script "$ROOT/scripts/report-overdue-90-days.lua" --today 2026-08-01
has "example: none that old" "$T/out" "No action is that far overdue"
finish
