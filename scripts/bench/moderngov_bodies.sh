#!/bin/sh
# bench/moderngov_bodies.sh -- `make bench`: the ModernGov importer with an
# item's minutes and decision bodies interpreted in one run against the two
# runs of before (opts.bodies_apart), on GetMeeting_7837.xml and on a
# meeting written here whose every item has both bodies. Prints rates and
# the ratio. Not a test: nothing here can fail.
set -e
cd "$(dirname "$0")/../.."
SRC=../shared/corpus/moderngov/xml/GetMeeting_7837.xml
[ -f "$SRC" ] || { echo "moderngov bodies bench: no $SRC; skipped"; exit 0; }
[ -f build/clerk.so ] || { echo "moderngov bodies bench: build/clerk.so not built; skipped"; exit 0; }
lua5.4 - "$SRC" "${BENCH_ROUNDS:-20}" <<'LUA'
package.path = "tests/lua/?.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local P = require "plugin_env"
local plugin = P.load("plugins/import/moderngov.lua")
local f = assert(io.open(arg[1], "rb")); local corpus = f:read("a"); f:close()
local rounds = tonumber(arg[2])
-- every item with a minutes body and a decision body, each with an action
local items = {}
for i = 1, 30 do
  items[#items + 1] = ("<agendaitem><agendaitemtitle>Item %d</agendaitemtitle><fulldisplaynumberformat>%d.</fulldisplaynumberformat>"
    .. "<minutesnonemptyhtmlbody>&lt;p&gt;Members discussed the report on item %d at length.&lt;/p&gt;&lt;p&gt;ACTION: Ann Lee to circulate the figures by 30 June 2026.&lt;/p&gt;&lt;p&gt;RESOLVED - that the report be noted.&lt;/p&gt;</minutesnonemptyhtmlbody>"
    .. "<decisionnonemptyhtmlbody>&lt;p&gt;RESOLVED:&lt;/p&gt;&lt;p&gt;(1) that the report be noted;&lt;/p&gt;&lt;p&gt;ACTION: Bo Chan to write to the partners.&lt;/p&gt;</decisionnonemptyhtmlbody></agendaitem>"):format(i, i, i)
end
local both = "<meeting><meetingid>1</meetingid><meetingdate>04/05/2026</meetingdate><agendaitems>"
  .. table.concat(items) .. "</agendaitems><attendees/></meeting>"
local sink = { meeting = function() end, warn = function() end, person = function() end }
local function rate(data, opts)
  local input = { name = "b.xml", data = data, head = data:sub(1, 8192) }
  plugin.import(input, sink, opts)
  local t0 = os.clock()
  for _ = 1, rounds do plugin.import(input, sink, opts) end
  return rounds / (os.clock() - t0)
end
for _, case in ipairs { { "GetMeeting_7837.xml", corpus }, { "30 items with both bodies", both } } do
  local one, two = rate(case[2], {}), rate(case[2], { bodies_apart = true })
  print(("moderngov bodies: %-26s one run %.1f/s, two runs %.1f/s, ratio %.2f"):format(case[1], one, two, one / two))
end
LUA
