-- test_import_json.lua -- the "json" importer: detection, and the checks and
-- conversion of lib/interchange/read.lua (on Lua tables, so they run without
-- the engine); decoding real JSON needs build/clerk.so.
local T = require "testing"
local P = require "plugin_env"

local importer = P.load("plugins/import/json.lua")
local read = P.lib("interchange.read")
local NULL = P.json and P.json.null or setmetatable({}, { __name = "test null" })

local function meeting()
  return {
    source = "002.txt", body = "Community Safety Partnership", organisation = NULL,
    title = "CSP", date = "2018-09-26", start = "10:00", ["end"] = NULL, venue = NULL,
    chair = NULL, next_meeting = "2018-12-19",
    attendance = { { name = "Sangeeta Bhuhi", status = "present", role = "MOPAC link officer",
                     organisation = NULL, substitute_for = NULL } },
    items = {
      { number = "3", title = "Minutes and Action Log", decisions = { "Agreed", { text = "Noted" } },
        actions = { { text = "circulate data", owners = { "Jade Hodgson", { name = "All", group = true } },
                      due = NULL, status = "open" } } },
    },
  }
end

-- The error message of reading `doc`.
local function fails(doc)
  local ok, err = pcall(read.read, doc, NULL)
  T.ok(not ok, "expected an error")
  return err
end

T.test("import json: plugin table and detection", function()
  T.eq(importer.kind, "importer"); T.eq(importer.name, "json"); T.eq(importer.extensions, { "json" })
  T.eq(importer.detect({ name = "a.json", head = "" }), 50)
  T.eq(importer.detect({ name = "A.JSON", head = ' \n {"body": "x", "items": []}' }), 90)
  T.eq(importer.detect({ name = "a.txt", head = '\239\187\191{"meetings": []}' }), 40)
  T.eq(importer.detect({ name = "a.txt", head = '{"attendance": []}' }), 40)
  T.eq(importer.detect({ name = "a.txt", head = '{"other": 1}' }), 0)
  T.eq(importer.detect({ name = "a.txt", head = 'items: "meetings"' }), 0)
  T.eq(importer.detect({ name = "a.txt", head = '["items"]' }), 0)
end)

T.test("import json: one meeting, nulls become nil", function()
  local ms = read.read(meeting(), NULL)
  T.eq(#ms, 1)
  local m = ms[1]
  T.eq(m.organisation, nil); T.eq(m["end"], nil); T.eq(m.source, nil, "source is the JSON file")
  T.eq(m.date, "2018-09-26"); T.eq(m.next_meeting, "2018-12-19")
  T.eq(m.attendance[1], { name = "Sangeeta Bhuhi", status = "present", role = "MOPAC link officer" })
  T.eq(m.items[1].decisions, { "Agreed", "Noted" })
  T.eq(m.items[1].actions[1], { text = "circulate data", status = "open",
    owners = { "Jade Hodgson", { name = "All", group = true } } })
  T.eq(m.actions, nil)
end)

T.test("import json: a list of meetings, and lenient shapes", function()
  local second = meeting()
  second.items[1].number = 4                         -- a number for an item number
  second.items[1].span = { 1, 10 }                   -- spans of another file are dropped
  second.attendance = NULL                           -- null arrays are empty
  second.actions = { { text = "meeting-level", owners = NULL } }
  local ms = read.read({ meetings = { meeting(), second } }, NULL)
  T.eq(#ms, 2)
  T.eq(ms[2].items[1].number, "4")
  T.eq(ms[2].items[1].span, nil)
  T.eq(ms[2].attendance, {})
  T.eq(ms[2].actions, { { text = "meeting-level", owners = {} } })
  T.eq(read.read({ meetings = {} }, NULL), {})
end)

T.test("import json: errors name the JSON path", function()
  local doc = { meetings = { meeting(), meeting() } }
  doc.meetings[2].items = { {}, {}, { actions = { { text = "t", status = "x" } } } }
  T.eq(fails(doc), 'meetings[2].items[3].actions[1].status: expected one of open, done, dropped, superseded, got "x"')

  local m = meeting(); m.date = "26/09/2018"
  T.eq(fails(m), 'date: expected a date YYYY-MM-DD or null, got "26/09/2018"')
  m = meeting(); m.date = "2018-02-30"
  T.match(fails(m), "^date: expected a date")
  m = meeting(); m.start = "25:00"
  T.match(fails(m), '^start: expected a time HH:MM or null, got "25:00"$')
  m = meeting(); m.items = { number = "1" }
  T.eq(fails(m), "items: expected an array, got an object")
  m = meeting(); m.attendance[1].status = "unknown"
  T.eq(fails(m), 'attendance[1].status: expected one of present, apologies, absent, in_attendance, substitute, got "unknown"')
  m = meeting(); m.attendance[1].status = NULL
  T.match(fails(m), "^attendance%[1%]%.status: expected one of .*, got null$")
  m = meeting(); m.items[1].actions[1].owners = { 42 }
  T.match(fails(m), "^items%[1%]%.actions%[1%]%.owners%[1%]: expected a name")
  m = meeting(); m.items[1].actions[1].text = NULL
  T.eq(fails(m), "items[1].actions[1].text: expected a non-empty string, got null")
  m = meeting(); m.title = 12
  T.eq(fails(m), "title: expected a string or null, got 12")
  m = meeting(); m.items[1].decisions = { true }
  T.match(fails(m), "^items%[1%]%.decisions%[1%]: expected a string")
  T.match(fails({ meeting() }), "^document: expected an object")
  T.match(fails("text"), '^document: expected an object .*, got "text"$')
  T.eq(fails({ meetings = meeting() }), "meetings: expected an array, got an object")
end)

T.test("import json: unknown fields warn once each", function()
  local m = meeting()
  m.notes = "gold notes"
  m.attendance[2] = { name = "B", status = "absent", colour = "red" }
  m.attendance[3] = { name = "C", status = "absent", colour = "blue" }
  local warnings = {}
  read.read(m, NULL, function(w) warnings[#warnings + 1] = w end)
  table.sort(warnings)
  T.eq(warnings, { 'attendance[2].colour: unknown field "colour" ignored',
                   'notes: unknown field "notes" ignored' })
end)

if P.has_json then
  T.test("import json: decodes, reports bad JSON with its position, calls the sink", function()
    local got, warns = {}, {}
    local sink = { meeting = function(_, m) got[#got + 1] = m; return #got end,
                   warn = function(_, w) warns[#warns + 1] = w end }
    local text = '\239\187\191{"meetings": [{"title": "A", "date": null, "items": [], "extra": 1},'
              .. ' {"title": "B \\u00e9", "items": [{"number": "1", "decisions": ["d"]}]}]}'
    importer.import({ name = "m.json", data = text }, sink, {})
    T.eq(#got, 2)
    T.eq(got[1].date, nil)
    T.eq(got[2].title, "B é")
    T.eq(got[2].items[1].decisions, { "d" })
    T.eq(#warns, 1)
    local err = T.raises(function() importer.import({ name = "m.json", data = '{"items": [1,}' }, sink, {}) end)
    T.match(err, "%d")   -- the decoder's line:column
    T.raises(function()
      importer.import({ name = "m.json", data = '{"items": [{"actions": [{"text": "t", "status": "x"}]}]}' }, sink, {})
    end, '^items%[1%]%.actions%[1%]%.status: expected one of')
  end)
else
  P.skip("test_import_json decoding", "build/clerk.so (clerk.json) not built")
end
