-- test_interchange.lua -- the interchange export (lib/interchange.lua and the
-- "export" report) run against a real SQLite file of the store's schema.
local T = require "testing"
local P = require "plugin_env"
local S = require "sqlite_db"

local interchange = P.lib("interchange")

T.test("interchange: basename", function()
  T.eq(interchange.basename("/srv/minutes/2018/002_csp.txt"), "002_csp.txt")
  T.eq(interchange.basename("C:\\minutes\\a.docx"), "a.docx")
  T.eq(interchange.basename("a.txt"), "a.txt")
  T.eq(interchange.basename(nil), nil)
end)

local DATA = [[
INSERT INTO source(id, path) VALUES (1, '/data/minutes/002_fff9d0c971a28371.txt'), (2, 'b.docx');
INSERT INTO body VALUES (1, 'Community Safety Partnership', 'London Borough of Barking and Dagenham'),
                        (2, 'Health Board', NULL);
INSERT INTO meeting VALUES
  (10, 1, 1, 'Community Safety Partnership', '2018-09-26', '10:00', NULL,
   'Conference Centre, Barking', NULL, '2018-12-19'),
  (11, 2, 2, 'Health Board', '2018-06-01', NULL, NULL, NULL, 'Cllr "Quote" O''Neil', NULL);
INSERT INTO attendance VALUES
  (1, 10, NULL, 'Sangeeta Bhuhi', 'present', 'MOPAC link officer', NULL, NULL),
  (2, 10, NULL, 'April Bald', 'apologies', NULL, NULL, NULL),
  (3, 10, NULL, 'Jo Sub', 'substitute', NULL, 'Met Police', 'April Bald');
-- positions out of id order: the export follows position
INSERT INTO item VALUES
  (100, 10, 2, '3', 'Minutes and Action Log', 'Text of the item', 'Jade', '10:05'),
  (101, 10, 1, '1', 'Welcome', NULL, NULL, NULL),
  (102, 11, 1, NULL, 'Only item', NULL, NULL, NULL);
INSERT INTO decision VALUES (1, 100, 2, 'Second decision'), (2, 100, 1, 'First decision'),
                            (3, 102, 1, 'Health decision');
INSERT INTO action VALUES
  (1000, 10, 100, 2, 'share the plan', NULL, 'next meeting', 'done'),
  (1001, 10, 100, 1, 'circulate data from Steve Calder CRC', '2018-12-19', NULL, 'open'),
  (1002, 10, NULL, 1, 'book the room', NULL, NULL, 'open');
INSERT INTO action_owner VALUES (1001, 2, 'Tim Shields', NULL, 0), (1001, 1, 'Jade Hodgson', NULL, 0),
                                (1000, 1, 'All', NULL, 1);
-- the register (schema v2) and schema v4, as the store adds them
ALTER TABLE meeting ADD COLUMN status TEXT;
ALTER TABLE meeting ADD COLUMN planned_start TEXT;
ALTER TABLE meeting ADD COLUMN planned_end TEXT;
ALTER TABLE meeting ADD COLUMN origin TEXT;
ALTER TABLE item ADD COLUMN restricted INTEGER;
ALTER TABLE action ADD COLUMN ref TEXT;
ALTER TABLE action ADD COLUMN said_status TEXT;
CREATE TABLE review(id INTEGER PRIMARY KEY, meeting_id INTEGER, position INTEGER, ref TEXT,
  status TEXT, note TEXT, text TEXT);
CREATE TABLE action_update(id INTEGER PRIMARY KEY, action_id INTEGER, kind TEXT, value TEXT,
  old_value TEXT, note TEXT, created_at TEXT);
UPDATE action SET said_status = status;
UPDATE action SET ref = '7', said_status = 'open' WHERE id = 1000;
UPDATE meeting SET status = 'confirmed', planned_start = '09:30', planned_end = '12:00' WHERE id = 10;
UPDATE meeting SET origin = 'minutes/2018/health.docx' WHERE id = 11;
UPDATE item SET restricted = 1 WHERE id = 100;
UPDATE item SET restricted = 0 WHERE id = 101;
INSERT INTO review VALUES (1, 10, 2, NULL, NULL, 'amber', 'circulate the figures'),
                          (2, 10, 1, '4', 'done', NULL, NULL);
INSERT INTO action_update VALUES (1, 1000, 'done', NULL, NULL, 'sent in October', '2018-10-02T09:00:00Z'),
  (2, 1001, 'due', '2019-01-31', '2018-12-19', NULL, '2018-11-01T10:00:00Z');
]]

if not S.available() then
  P.skip("test_interchange SQL", "python3 with sqlite3 not available")
  return
end

local db = S.open(DATA)
local N = P.json and P.json.null   -- what absent fields hold

T.test("interchange: export assembles every meeting in date order", function()
  db.queries = 0
  local data = interchange.export(db, {})
  T.eq(#data.meetings, 2)
  local health, csp = data.meetings[1], data.meetings[2]
  T.eq(health.title, "Health Board")
  T.eq(health.chair, 'Cllr "Quote" O\'Neil')
  T.eq(health.organisation, N)
  T.eq(health.items[1].number, N)
  T.eq(health.items[1].decisions, { "Health decision" })
  T.eq(health.source, "health.docx", "the file an interchange import read it from")
  T.eq(health.actions, nil, "no meeting-level actions, no key")

  T.eq(csp.source, "002_fff9d0c971a28371.txt", "file name, not path")
  T.eq(csp.body, "Community Safety Partnership")
  T.eq(csp.organisation, "London Borough of Barking and Dagenham")
  T.eq(csp.date, "2018-09-26"); T.eq(csp.start, "10:00"); T.eq(csp["end"], N)
  T.eq(csp.venue, "Conference Centre, Barking"); T.eq(csp.next_meeting, "2018-12-19")
  T.eq(csp.attendance, {
    { name = "Sangeeta Bhuhi", status = "present", role = "MOPAC link officer", organisation = N, substitute_for = N },
    { name = "April Bald", status = "apologies", role = N, organisation = N, substitute_for = N },
    { name = "Jo Sub", status = "substitute", role = N, organisation = "Met Police", substitute_for = "April Bald" },
  })
  T.eq(#csp.items, 2)
  T.eq(csp.items[1], { number = "1", title = "Welcome", decisions = {}, actions = {},
                       restricted = false })
  T.eq(health.items[1].restricted, nil, "not said: no key")
  T.eq(csp.status, "confirmed"); T.eq(health.status, nil)
  T.eq(csp.planned_start, "09:30"); T.eq(csp.planned_end, "12:00")
  T.eq(csp.reviews, { { ref = "4", status = "done" },
                      { ref = N, status = N, note = "amber", text = "circulate the figures" } })
  T.eq(health.reviews, nil)
  local item = csp.items[2]
  T.eq(item.restricted, true)
  T.eq(item.number, "3")
  T.eq(item.text, "Text of the item"); T.eq(item.presenter, "Jade"); T.eq(item.time, "10:05")
  T.eq(item.decisions, { "First decision", "Second decision" })
  T.eq(item.actions, {
    { text = "circulate data from Steve Calder CRC", owners = { "Jade Hodgson", "Tim Shields" },
      due = "2018-12-19", status = "open", updates = { { kind = "due", value = "2019-01-31",
        old_value = "2018-12-19", created_at = "2018-11-01T10:00:00Z" } } },
    { text = "share the plan", owners = { "All" }, due = N, due_text = "next meeting", status = "done",
      ref = "7", said_status = "open", updates = { { kind = "done", note = "sent in October",
        created_at = "2018-10-02T09:00:00Z" } } },
  })
  T.eq(csp.actions, { { text = "book the room", owners = {}, due = N, status = "open" } })
  T.ok(db.queries <= 2 * 8, "at most 8 queries a meeting, made " .. db.queries)
end)

T.test("interchange: filters reach db:meetings", function()
  T.eq(#interchange.export(db, { body = "health board" }).meetings, 1)
  T.eq(#interchange.export(db, { since = "2018-07-01" }).meetings, 1)
  T.eq(#interchange.export(db, { ["until"] = "2018-07-01" }).meetings, 1)
  T.eq(#interchange.export(db, { since = "2019-01-01" }).meetings, 0)
end)

T.test("export report: data, title and a section per meeting", function()
  local report = P.load("plugins/report/export.lua")
  T.eq(report.kind, "report"); T.eq(report.name, "export")
  local doc = report.build(db, {})
  T.eq(doc.title, "Export")
  T.eq(doc.subtitle, "2 meetings")
  T.eq(#doc.data.meetings, 2)
  T.eq(doc.blocks[2].type, "section")
  T.eq(doc.blocks[2].title, "2018-09-26 Community Safety Partnership")
  local fields = {}
  for _, r in ipairs(doc.blocks[2].blocks[1].rows) do fields[r.field] = r.value end
  T.eq(fields.Attendance, "3 (1 apologies)")
  T.eq(fields.Actions, "3"); T.eq(fields.Decisions, "2"); T.eq(fields.Items, "2")
  T.eq(fields.Source, "002_fff9d0c971a28371.txt")
  T.eq(fields.End, nil, "unknown fields are left out")
  for _, w in ipairs { "text", "markdown", "csv", "html" } do T.ok(#P.render(w, doc) > 0, w) end
  T.raises(function() report.build(db, { ["until"] = "2018-13-01" }) end, "^option until:")
  T.eq(report.build(db, { since = "2030-01-01" }).blocks[1].type, "paragraph")
end)

T.test("interchange: the export reads back as the same meetings", function()
  local read = P.lib("interchange.read")
  local data = interchange.export(db, {})
  local meetings = read.read(data, N)
  T.eq(#meetings, 2)
  local m = meetings[2]
  T.eq(m.title, "Community Safety Partnership")
  T.eq(m["end"], nil)
  T.eq(m.items[2].actions[1].owners, { "Jade Hodgson", "Tim Shields" })
  T.eq(m.items[2].actions[2].due_text, "next meeting")
  T.eq(m.actions[1].text, "book the room")
  T.eq(m.attendance[3].substitute_for, "April Bald")
  -- the register and schema v4 come back: the minutes' word is what is stored
  local shared = m.items[2].actions[2]
  T.eq(shared.ref, "7"); T.eq(shared.status, "open", "said_status, not the current status")
  T.eq(shared.updates[1].kind, "done"); T.eq(shared.updates[1].created_at, "2018-10-02T09:00:00Z")
  T.eq(m.items[2].actions[1].status, "open")
  T.eq(m.reviews[1], { ref = "4", status = "done" })
  T.eq(m.reviews[2], { note = "amber", text = "circulate the figures" })
  T.eq(m.items[1].restricted, false); T.eq(m.items[2].restricted, true)
  T.eq(m.planned_start, "09:30"); T.eq(m.status, "confirmed")
  T.eq(meetings[1].origin, "health.docx"); T.eq(m.origin, "002_fff9d0c971a28371.txt")
end)

T.test("interchange: bad register fields name their path", function()
  local read = P.lib("interchange.read")
  local function m(extra) local t = { title = "X", attendance = {}, items = {} }
    for k, v in pairs(extra) do t[k] = v end; return t end
  T.raises(function() read.read(m { planned_start = "9am" }, N) end, "^planned_start: expected a time")
  T.raises(function() read.read(m { reviews = { { status = "done" } } }, N) end, "^reviews%[1%]%.ref:")
  T.raises(function() read.read(m { reviews = { { ref = "1", status = "superseded" } } }, N) end,
           "^reviews%[1%]%.status: expected one of open, done, dropped")
  T.raises(function() read.read(m { items = { { restricted = "yes" } } }, N) end,
           "^items%[1%]%.restricted: expected true, false or null")
  T.raises(function() read.read(m { actions = { { text = "a", updates = { { kind = "close" } } } } }, N) end,
           "^actions%[1%]%.updates%[1%]%.kind: expected one of done, reopen")
  T.raises(function() read.read(m { actions = { { text = "a", said_status = "maybe" } } }, N) end,
           "^actions%[1%]%.said_status:")
  T.eq(read.read(m { actions = { { text = "a", ref = 12 } } }, N)[1].actions[1].ref, "12")
end)

T.test("interchange: a meeting's status ('cancelled') is read, not dropped", function()
  local read = P.lib("interchange.read")
  local warned = {}
  local ms = read.read({ title = "Harbour Committee", date = "2026-05-04", status = "cancelled",
    attendance = {}, items = {} }, N, function(w) warned[#warned + 1] = w end)
  T.eq(ms[1].status, "cancelled")
  T.eq(#warned, 0)
end)

if P.has_json then
  T.test("interchange: JSON round trip through the json writer and importer", function()
    local report = P.load("plugins/report/export.lua")
    local out = P.render("json", report.build(db, {}))
    local importer = P.load("plugins/import/json.lua")
    local got = {}
    local sink = { meeting = function(_, m) got[#got + 1] = m; return #got end,
                   warn = function(_, w) error("unexpected warning: " .. w) end }
    importer.import({ name = "export.json", data = out }, sink, {})
    local read = P.lib("interchange.read")
    T.eq(got, read.read(interchange.export(db, {}), N))
    T.ok(importer.detect({ name = "export.json", head = out:sub(1, 8192) }) >= 90)
  end)
else
  P.skip("test_interchange JSON round trip", "build/clerk.so (clerk.json) not built")
end

db:close()
