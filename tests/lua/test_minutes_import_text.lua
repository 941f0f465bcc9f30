-- Tests for plugins/import/text.lua: detection, errors, and the seeds end to end
-- (robust facts only: the seeds are not a tuning target).
local T = require "testing"
local plugin = dofile("plugins/import/text.lua")

local function run(data, name)
  local got = {}
  local sink = { meeting = function(_, m) got[#got + 1] = m; return #got end, warn = function() end }
  plugin.import({ name = name or "x.txt", path = name or "x.txt", size = #data, head = data:sub(1, 8192), data = data }, sink, {})
  return got
end

T.test("import: detect scores", function()
  T.eq(plugin.detect { name = "m.txt", head = "Minutes" }, 60)
  T.eq(plugin.detect { name = "m.md", head = "# Notes" }, 60)
  T.eq(plugin.detect { name = "m", head = "Minutes of the board" }, 20)
  T.eq(plugin.detect { name = "m.docx", head = "PK\3\4rest" }, 0)
  T.eq(plugin.detect { name = "m.txt", head = "%PDF-1.4" }, 0)
  T.eq(plugin.detect { name = "m", head = "a\0b" }, 0)
end)
T.test("import: errors", function()
  T.raises(function() run("  \n\n") end, "^empty file")
  T.raises(function() run("\xEF\xBB\xBF") end, "^empty file")
  T.raises(function() run("ok line\nbad \xff byte\n") end, "^line 2: invalid UTF%-8 at byte 13")
  T.raises(function() run("just some words\n") end, "^no meeting found")
end)
T.test("import: CRLF text gives one meeting", function()
  local ms = run("Harbour Trust Board\r\n\r\n2 February 2026\r\n\r\nPresent: Ann Lee, Bo Chan\r\n\r\n1. Welcome\r\n")
  T.eq(#ms, 1); T.eq(ms[1].date, "2026-02-02"); T.eq(#ms[1].attendance, 2)
end)

local seeds = { ["000_be07491f6dd20c10"] = { date = "2017-02-02", min_items = 8 },
  ["001_934ad2baff9fb34c"] = { date = "2020-06-25", min_items = 6 },
  ["002_fff9d0c971a28371"] = { date = "2018-09-26", items = 16 },
  ["003_9d405b6ec59cc0b3"] = { date = "2013-12-12", items = 13 },
  ["004_2f9fe7d64bae9417"] = { date = "2015-10-08", items = 9 } }
for stem, want in pairs(seeds) do
  local path = T.shared .. "/seeds/" .. stem .. ".txt"
  local f = io.open(path, "rb")
  if f then
    f:close()
    T.test("import: seed " .. stem, function()
      local ms = run(T.read(path), stem .. ".txt")
      T.eq(#ms, 1)
      T.eq(ms[1].date, want.date)
      if want.items then T.eq(#ms[1].items, want.items) else T.ok(#ms[1].items >= want.min_items) end
    end)
  end
end
T.test("import: numbered sections under a dated title are not a meeting; a dated agenda is", function()
  local licence = "Harbour Software Licence\nVersion 3, June 2021\n\n1. Definitions.\n\nWords mean things.\n\n2. Grant.\n\nYou may copy it.\n"
  T.raises(function() run(licence) end, "^no meeting found")
  local agenda = "Harbour Committee\n12 June 2026\n\n1. Welcome\n\n2. Budget\n"
  T.eq(#run(agenda), 1)
end)
T.test("import: a file of several dated meetings gives several meetings", function()
  local notes = "# Club notes\n\n## 3 May 2026\n\nPresent: Ann Lee; Raj Patel\n\n## 5 April 2026\n\nPresent: Ann Lee; Omar Haddad\n"
  local got = run(notes, "notes.md")
  T.eq(#got, 2); T.eq(got[1].date, "2026-05-03"); T.eq(got[2].date, "2026-04-05")
end)
