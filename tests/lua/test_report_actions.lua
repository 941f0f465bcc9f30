-- test_report_actions.lua -- the "actions" report over a fake db.
local T = require "testing"
local P = require "plugin_env"
local F = require "fake_db"

local report = P.load("plugins/report/actions.lua")

local CSP = { meeting_date = "2018-09-26", meeting_title = "Community Safety Partnership",
              body = "Community Safety Partnership" }

local function action(t)
  local a = { meeting_id = 1, item_number = "3", item_title = "Minutes and Action Log",
              status = "open" }
  for k, v in pairs(CSP) do a[k] = v end
  for k, v in pairs(t) do a[k] = v end
  if a.item_number == false then a.item_number, a.item_title = nil, nil end  -- meeting-level
  return a
end

local function rows()
  return {
    action { id = 12, text = "circulate data from Steve Calder CRC", owners = { "Jade Hodgson" },
             due = "2018-12-19" },
    action { id = 13, text = "share the knife crime plan", owners = { "Tim Shields", "Jade Hodgson" },
             aliases = { "TS" } },
    action { id = 14, text = "book the room", owners = {}, item_number = false },
    action { id = 9, text = "earlier action", owners = { "angie fuller" }, meeting_id = 0,
             meeting_date = "2018-06-01", meeting_title = "CSP June", due = "2018-07-01" },
    action { id = 15, text = "finished thing", owners = { "Jade Hodgson" }, status = "done" },
  }
end

local function sections(doc)
  local out = {}
  for _, b in ipairs(doc.blocks) do
    if b.type == "section" then out[#out + 1] = b end
  end
  return out
end

local function ids(section)
  local out = {}
  for i, r in ipairs(section.blocks[1].rows) do out[i] = r.id end
  return out
end

T.test("actions: grouped by owner, sorted, no owner last", function()
  local doc = report.build(F.new(rows()), { today = "2019-01-10" })
  local s = sections(doc)
  local titles = {}
  for i, x in ipairs(s) do titles[i] = x.title end
  T.eq(titles, { "angie fuller", "Jade Hodgson", "Tim Shields", "(no owner)" })
  T.eq(ids(s[2]), { "12", "13" })
  T.eq(ids(s[3]), { "13" })
  T.eq(ids(s[4]), { "14" })
  T.eq(doc.title, "Open actions")
  T.eq(doc.subtitle, "3 owners, 4 open actions, 1 without an owner, 2 overdue")
end)

T.test("actions: row fields, overdue mark, compact line", function()
  local doc = report.build(F.new(rows()), { today = "2018-12-20" })
  local row = sections(doc)[2].blocks[1].rows[1]
  T.eq(row.meeting, "2018-09-26 Community Safety Partnership")
  T.eq(row.item, "3 Minutes and Action Log")
  T.eq(row.due, "2018-12-19 (overdue)")
  T.eq(row.text, "circulate data from Steve Calder CRC")
  T.eq(row.line, "#12  2018-09-26 Community Safety Partnership, item 3: circulate data from "
                 .. "Steve Calder CRC (due 2018-12-19, overdue)")
  local cols = {}
  for i, c in ipairs(sections(doc)[2].blocks[1].columns) do cols[i] = c.title end
  T.eq(cols, { "#", "Meeting", "Item", "Action", "Due" })
  -- not overdue on its due date
  doc = report.build(F.new(rows()), { today = "2018-12-19" })
  T.eq(sections(doc)[2].blocks[1].rows[1].due, "2018-12-19")
end)

T.test("actions: options are passed to db:actions", function()
  local db = F.new(rows())
  report.build(db, { owner = "Jade", body = "Community Safety Partnership", since = "2018-01-01" })
  T.eq(db.calls[1][2], { status = "open", owner = "Jade", body = "Community Safety Partnership",
                         since = "2018-01-01" })
  report.build(db, { status = "all" })
  T.eq(db.calls[2][2].status, nil)
end)

T.test("actions: an owner filter lists shared actions under that owner only", function()
  local doc = report.build(F.new(rows()), { owner = "jade" , today = "2018-01-01" })
  local s = sections(doc)
  T.eq(#s, 1)
  T.eq(s[1].title, "Jade Hodgson")
  T.eq(ids(s[1]), { "12", "13" })
  -- matched through an alias: the action stays under all its owners
  doc = report.build(F.new(rows()), { owner = "TS", today = "2018-01-01" })
  T.eq(#sections(doc), 2)
end)

T.test("actions: status all adds a Status column and counts every action", function()
  local doc = report.build(F.new(rows()), { status = "all", today = "2018-01-01" })
  T.eq(doc.title, "Actions")
  local t = sections(doc)[2].blocks[1]
  T.eq(t.columns[#t.columns].key, "status")
  T.eq(ids(sections(doc)[2]), { "12", "13", "15" })
  T.match(doc.subtitle, "5 actions")
  T.match(t.rows[3].line, "%[done%]$")
end)

T.test("actions: grouped by meeting, in date order", function()
  local doc = report.build(F.new(rows()), { group = "meeting", today = "2019-01-10" })
  local s = sections(doc)
  T.eq(#s, 2)
  T.eq(s[1].title, "2018-06-01 CSP June")
  T.eq(s[2].title, "2018-09-26 Community Safety Partnership")
  T.eq(ids(s[2]), { "12", "13", "14" })
  local r = s[2].blocks[1].rows[2]
  T.eq(r.owners, "Tim Shields, Jade Hodgson")
  T.eq(r.line, "#13  item 3 [Tim Shields, Jade Hodgson]: share the knife crime plan")
  T.eq(s[2].blocks[1].rows[3].line, "#14  meeting: book the room")
  T.eq(doc.subtitle, "2 meetings, 4 open actions, 2 overdue")
end)

T.test("actions: nothing to show", function()
  local doc = report.build(F.new({}), {})
  T.eq(doc.subtitle, "0 owners, 0 open actions")
  T.eq(doc.blocks[1].type, "paragraph")
end)

T.test("actions: bad options are user errors", function()
  T.raises(function() report.build(F.new({}), { status = "closed" }) end,
           '^option status: expected one of open, done, dropped, superseded, all, got "closed"$')
  T.raises(function() report.build(F.new({}), { group = "body" }) end, "^option group")
  T.raises(function() report.build(F.new({}), { since = "26/09/2018" }) end,
           "^option since: expected a date YYYY%-MM%-DD")
end)

T.test("actions: accepts db:actions returning an array", function()
  local db = { actions = function() return rows() end }
  local doc = report.build(db, { today = "2018-01-01" })
  T.eq(#sections(doc), 4)
end)

T.test("actions: plugin table", function()
  T.eq(report.kind, "report")
  T.eq(report.name, "actions")
  for _, k in ipairs { "owner", "body", "since", "status", "group" } do
    T.ok(report.options[k] and report.options[k].help, "option " .. k)
  end
end)

T.test("actions: the document renders in every writer", function()
  local doc = report.build(F.new(rows()), { today = "2018-12-20" })
  for _, w in ipairs { "text", "markdown", "csv", "html" } do
    T.ok(#P.render(w, doc) > 0, w)
  end
  local text = P.render("text", doc)
  T.match(text, "\n  %- #12  2018%-09%-26 Community Safety Partnership, item 3: circulate data from Steve Calder CRC %(due\n      2018%-12%-19, overdue%)\n")
  T.match(text, "\n  %- #9  2018%-06%-01 CSP June, item 3: earlier action %(due 2018%-07%-01, overdue%)\n")
  for line in text:gmatch("[^\n]+") do T.ok(utf8.len(line) <= 100, "line too long: " .. line) end
  T.match(text, "^Open actions\n============\n")
end)
