#!/bin/sh
# bench/xml.sh -- `make bench`: ModernGov XML throughput against libxml2's
# own streaming parse (xmlTextReader, built here) of the same bytes:
#   - clerk.xml.parse: bytes -> Lua tree (the C reader plugins use)
#   - the importer in Lua with no store, with and without the interpreter
#   - clerk import: parse + Word HTML minutes + interpreter + store, with
#     --jobs 1 and with the default (a worker a processor)
# Prints rates and ratios. Not a test: nothing here can fail.
set -e
cd "$(dirname "$0")/../.."
SRC=../shared/corpus/moderngov/xml/GetMeeting_7837.xml
[ -f "$SRC" ] || { echo "xml bench: no $SRC; skipped"; exit 0; }
N=${BENCH_FILES:-200}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/in"
i=0
while [ $i -lt $N ]; do   # unique copies: each a different meeting id
  sed "s|<meetingid>7837</meetingid>|<meetingid>$((100000 + i))</meetingid>|" "$SRC" > "$D/in/GetMeeting_$i.xml"
  i=$((i + 1))
done
${CC:-cc} -O2 -o "$D/reader" scripts/bench/xml_reader.c $(pkg-config --cflags --libs libxml-2.0)
bytes=$(cat "$D"/in/* | wc -c)
set -- $("$D/reader" "$D"/in/*.xml)
rbytes=$1; rtime=$2
ltime=$(lua5.4 -e '
package.cpath = "build/?.so;" .. package.cpath
local clerk = require "clerk"
local data = {}
for i = 0, '"$N"' - 1 do data[#data + 1] = io.open("'"$D"'/in/GetMeeting_" .. i .. ".xml", "rb"):read("a") end
local t0 = os.clock()
for _, s in ipairs(data) do assert(clerk.xml.parse(s)) end
print(os.clock() - t0)')
# The importer alone (Lua, a sink that keeps nothing: no store), with the
# minutes interpreter and with it replaced by one that finds nothing: how
# much of the import is reading the XML into records, how much the prose.
set -- $(lua5.4 - "$D/in" "$N" <<'LUA'
package.cpath = "build/?.so;" .. package.cpath
package.path = "plugins/lib/?.lua;" .. package.path
clerk = require "clerk"
collectgarbage("generational")
local dir, n = arg[1], tonumber(arg[2])
local data = {}
for i = 0, n - 1 do data[#data + 1] = io.open(dir .. "/GetMeeting_" .. i .. ".xml", "rb"):read("a") end
local sink = setmetatable({}, { __index = function() return function() end end })
local function run()
  local env = setmetatable({ clerk = clerk }, { __index = _G })
  local plugin = assert(loadfile("plugins/import/moderngov.lua", "t", env))()
  local t0 = os.clock()
  for i, s in ipairs(data) do plugin.import({ name = i .. ".xml", data = s, head = s:sub(1, 8192), size = #s }, sink, {}) end
  return os.clock() - t0
end
local full = run()
package.loaded["minutes.interpret"] = { meeting = function() return { items = {}, attendance = {}, reviews = {} } end }
print(full, run())
LUA
)
ptime=$1; ntime=$2
now() { date +%s.%N; }
t0=$(now)
build/clerk --db "$D/serial.db" import -q --jobs 1 "$D/in"
t1=$(now)
build/clerk --db "$D/bench.db" import -q "$D/in"
t2=$(now)
python3 - "$N" "$bytes" "$rbytes" "$rtime" "$ltime" "$t0" "$t1" "$t2" "$(nproc)" "$ptime" "$ntime" <<'PY'
import sys
n, b, rb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rt, lt, t0, t1, t2 = map(float, sys.argv[4:9])
cpus = int(sys.argv[9])
pt, nt = map(float, sys.argv[10:12])
ser, imp = t1 - t0, t2 - t1
rr, lr, sr, ir = rb / 1e6 / rt, b / 1e6 / lt, b / 1e6 / ser, b / 1e6 / imp
print(f"{n} GetMeeting responses, {b/1e6:.1f} MB")
print(f"libxml2 xmlTextReader (baseline):     {rr:8.1f} MB/s")
print(f"clerk.xml.parse (bytes -> Lua tree):  {lr:8.1f} MB/s  ratio {lr/rr:.2f} of baseline")
print(f"importer, no store:                   {b/1e6/pt:8.2f} MB/s  ratio {b/1e6/pt/rr:.3f} of baseline")
print(f"importer, no store, no interpreter:   {b/1e6/nt:8.2f} MB/s  ratio {b/1e6/nt/rr:.3f} of baseline (the floor: XML to records alone)")
print(f"clerk import --jobs 1:                {sr:8.2f} MB/s  ratio {sr/rr:.3f} of baseline ({n/ser:.1f} meetings/s)")
print(f"clerk import ({cpus} processors):         {ir:8.2f} MB/s  ratio {ir/rr:.3f} of baseline (bar 0.25; {n/imp:.1f} meetings/s, {ser/imp:.2f} x --jobs 1)")
PY
