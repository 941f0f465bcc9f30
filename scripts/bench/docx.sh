#!/bin/sh
# bench/docx.sh -- `make bench`: Word minutes throughput on generated large
# .docx files, all measured in the same run on the same files:
#   bare     libzip + libxml2 streaming reader, no interpretation (docx_bare.c)
#   text     `clerk text` (the C reader: zip, styles, numbering, blocks, text)
#   import   `clerk import` (read, interpret in Lua, write to SQLite), once
#            with --jobs 1 and once with the default (a worker a processor)
#   pandoc   `pandoc -t plain` (on a sample: it is slow)
# and where import's time goes (C read, Lua interpretation, the rest: store).
# The issue's bars: text >= 0.5 x bare; import >= 50 x pandoc. Never fails.
set -e
cd "$(dirname "$0")/../.."
N=${BENCH_DOCX_FILES:-200}
P=${BENCH_PANDOC_FILES:-10}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
python3 scripts/bench/docx_gen.py "$D/in" "$N"
cc -O2 -o "$D/docx_bare" scripts/bench/docx_bare.c $(pkg-config --cflags --libs libzip libxml-2.0)
bytes=$(cat "$D"/in/*.docx | wc -c)
now() { date +%s.%N; }
t0=$(now); "$D/docx_bare" "$D"/in/*.docx > /dev/null
t1=$(now); build/clerk text "$D"/in/*.docx > /dev/null
t2=$(now); build/clerk --db "$D/serial.db" import -q --jobs 1 "$D/in"
t2b=$(now); build/clerk --db "$D/bench.db" import -q "$D/in"
t3=$(now)
have_pandoc=0
if command -v pandoc > /dev/null; then
  have_pandoc=1
  for f in $(ls "$D"/in/*.docx | head -n "$P"); do pandoc -f docx -t plain "$f" > /dev/null; done
fi
t4=$(now)
# where import's time goes: the C reader + Lua blocks, then the interpreter
LUA_CPATH="build/?.so" LUA_PATH="plugins/lib/?.lua" lua5.4 - "$D"/in/*.docx > "$D/split" <<'LUA'
clerk = require "clerk"
collectgarbage("generational")   -- as the engine runs it
local interpret = require "minutes.interpret"
local db = require "docx.blocks"
local read_t, interp_t = 0, 0
for i = 1, #arg do
  local f = io.open(arg[i], "rb"); local data = f:read("a"); f:close()
  local c0 = os.clock()
  local blocks, text = clerk.docx.read(data)
  local c1 = os.clock()
  local body = db.for_interpreter(db.drop_placeholders((db.split(blocks))), text)
  interpret.meeting(body, { data = text })
  local c2 = os.clock()
  read_t, interp_t = read_t + (c1 - c0), interp_t + (c2 - c1)
end
print(read_t, interp_t)
LUA
python3 - "$N" "$P" "$bytes" "$have_pandoc" "$t0" "$t1" "$t2" "$t2b" "$t3" "$t4" "$(nproc)" $(cat "$D/split") <<'PY'
import sys
n, np_, b, have_pandoc = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t0, t1, t2, t2b, t3, t4 = map(float, sys.argv[5:11])
cpus = int(sys.argv[11])
read_t, interp_t = map(float, sys.argv[12:14])
bare, text, ser, imp, pan = n / (t1 - t0), n / (t2 - t1), n / (t2b - t2), n / (t3 - t2b), (np_ / (t4 - t3) if have_pandoc else 0)
print(f"{n} generated minutes .docx, {b / n / 1024:.0f} KiB each")
print(f"bare loop (libzip + xmlReader):  {bare:8.1f} files/s")
print(f"clerk text:                      {text:8.1f} files/s   = {text / bare:.2f} x bare (bar: 0.5)")
print(f"clerk import --jobs 1:           {ser:8.1f} files/s", end="")
print(f"   = {ser / pan:.1f} x pandoc" if pan else "   (no pandoc to compare)")
print(f"clerk import ({cpus} processors):     {imp:8.1f} files/s", end="")
print(f"   = {imp / pan:.1f} x pandoc (bar: 50); {imp / ser:.2f} x --jobs 1" if pan else "   (no pandoc to compare)")
if pan: print(f"pandoc -t plain ({np_} files):       {pan:8.2f} files/s")
per = 1000 / ser
print(f"--jobs 1 per file: {per:.1f} ms = C read + Lua blocks {read_t / n * 1000:.1f} ms, "
      f"interpreter {interp_t / n * 1000:.1f} ms, store and the rest {max(0, per - (read_t + interp_t) / n * 1000):.1f} ms")
PY
