-- Tests for minutes/tables.lua (and its hook in minutes/interpret.lua) on
-- invented tables: header rows of several wordings, merged cells, "By",
-- labelled rows, attendee tables; and docx/blocks.lua's layout rules.
local T = require "testing"
local tables = require "minutes.tables"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"
local docx_blocks = require "docx.blocks"

-- Row blocks as the .docx reader gives them: {"a", "b"} cells; a cell may be
-- {text=, vmerge=, gridspan=}.
local function row(cells, table_id)
  local cs, t = {}, {}
  for i, c in ipairs(cells) do
    if type(c) == "string" then c = { text = c } end
    c.span = c.span or { i, i }
    cs[i] = c
    t[i] = c.text
  end
  return { kind = "row", cells = cs, text = table.concat(t, " | "), span = { 1, 1 }, table = table_id or 1 }
end
local function para(text) return { kind = "paragraph", text = text, span = { 1, #text } } end

local function actions_of(bs, ctx)
  local list = tables.actions(tables.find(bs), nil, ctx or { year = 2025, date = "2025-03-01" })
  local out = {}
  for _, a in ipairs(list) do
    out[#out + 1] = table.concat({ a.text, a.cell_owner or "-", a.due or "-", a.status }, " | ")
  end
  return out
end

T.test("tables.actions: Action / Owner / Due", function()
  T.eq(actions_of({ row { "Action", "Owner", "Due" }, row { "Send the survey", "Priya Nandra", "14 March 2025" },
    row { "Book the hall", "Sam Okoro", "Done" } }),
    { "Send the survey | Priya Nandra | 2025-03-14 | open", "Book the hall | Sam Okoro | - | done" })
end)
T.test("tables.actions: Who / By reads By as the date", function()
  T.eq(actions_of({ row { "What", "Who", "By" }, row { "Draft the letter", "Jo Marsh", "2 April 2025" } }),
    { "Draft the letter | Jo Marsh | 2025-04-02 | open" })
end)
T.test("tables.actions: Action / By reads By as the owner unless it holds dates", function()
  T.eq(actions_of({ row { "Action", "By" }, row { "Draft the letter", "Jo Marsh" } }), { "Draft the letter | Jo Marsh | - | open" })
  T.eq(actions_of({ row { "Action", "By" }, row { "Draft the letter", "5 May 2025" } }), { "Draft the letter | - | 2025-05-05 | open" })
end)
T.test("tables.actions: Person responsible / Deadline, 'Action by', status column", function()
  T.eq(actions_of({ row { "No.", "Action required", "Person responsible", "Deadline", "Status" },
    row { "1", "Repair the gate", "Ali Shah", "next meeting", "Ongoing" },
    row { "2", "Renew the insurance", "Clerk", "30/04/2025", "Complete" } }, { year = 2025, next_meeting = "2025-04-20" }),
    { "Repair the gate | Ali Shah | 2025-04-20 | open", "Renew the insurance | Clerk | 2025-04-30 | done" })
  T.eq(actions_of({ row { "Actions", "Action by" }, row { "Chase the quote", "Tom Akers" } }), { "Chase the quote | Tom Akers | - | open" })
end)
T.test("tables.actions: a title row above the header; merged owner cells carry down", function()
  T.eq(actions_of({ row { { text = "Agreed actions", gridspan = 3 } }, row { "Task", "Owner", "Due date" },
    row { "Fix the valve", { text = "Omar Haddad", vmerge = "restart" }, "30 June 2025" },
    row { "Order butts", { text = "", vmerge = "continue" }, "15 July 2025" } }),
    { "Fix the valve | Omar Haddad | 2025-06-30 | open", "Order butts | Omar Haddad | 2025-07-15 | open" })
end)
T.test("tables.actions: columns labelled the wrong way round are read by their contents", function()
  T.eq(actions_of({ row { "Next steps", "Owner", "Due" }, row { "Dana Whitfield", "Plan the stall rota", "1 May 2025" } }),
    { "Plan the stall rota | Dana Whitfield | 2025-05-01 | open" })
end)
T.test("tables.labelled_row: cells that name themselves", function()
  T.eq(actions_of({ row { "Research venues", "TAKEN BY: Lee Marsh", "DATE DUE: 30-01-25" } }),
    { "Research venues | Lee Marsh | 2025-01-30 | open" })
end)
T.test("tables: a table without a known header is left to the other rules", function()
  local found = tables.find({ row { "Budget", "Spent" }, row { "Parks", "1200" } })
  T.eq(#found.tables, 0)
  T.eq(next(found.skip), nil)
end)
T.test("tables.attendance: Name / Role / Status, and Present / Apologies columns", function()
  local list = tables.attendance(tables.find({ row { "Name", "Role", "Status" }, row { "Ann Lee", "Chair", "Present" },
    row { "Raj Patel", "", "Apologies" } }))
  T.eq({ list[1].name, list[1].role, list[1].status, list[2].name, list[2].status },
    { "Ann Lee", "Chair", "present", "Raj Patel", "apologies" })
  list = tables.attendance(tables.find({ row { "Present", "Apologies" }, row { "Ann Lee, Raj Patel", "Jo Marsh" } }))
  T.eq(#list, 3)
  T.eq({ list[3].name, list[3].status }, { "Jo Marsh", "apologies" })
end)
T.test("tables.attendance: a title is not part of the name; it is the role when the table gives none", function()
  local list = tables.attendance(tables.find({ row { "Name", "Role", "Status" },
    row { "Cllr Wen Harlow", "Vice-chair", "Present" }, row { "Dr Ola Brandt", "", "Apologies" } }))
  T.eq({ list[1].name, list[1].role, list[2].name, list[2].role, list[2].status },
    { "Wen Harlow", "Vice-chair", "Ola Brandt", "Dr", "apologies" })
end)
T.test("interpret: an attendee table is the list of those present; speakers are not added as present", function()
  local bs = { { kind = "heading", level = 1, text = "Parish Council", span = { 1, 1 } },
    para("Minutes of the meeting held on 3 March 2025"),
    row({ "Name", "Role", "Status" }), row({ "Cllr Wen Harlow", "Member", "Apologies" }),
    row({ "Cllr Piet Mora", "Chair", "Present" }),
    { kind = "item", number = "1", text = "Budget", span = { 1, 1 } },
    para("Wen Harlow advised by email that the budget was on track."),
    para("Gus Tallow reported on the hall bookings.") }
  local m = interpret.meeting(bs, {})
  local got = {}
  for _, a in ipairs(m.attendance) do got[#got + 1] = a.name .. ":" .. a.status end
  T.eq(got, { "Wen Harlow:apologies", "Piet Mora:present" })
end)
T.test("interpret: table actions land in their item once; text rows work too", function()
  local text = "Parish Council\n\nMinutes of the meeting held on 3 March 2025\n\n1. Footpaths\n\n" ..
    "Action\tOwner\tDue\nCut back the hedge\tAli Shah\t31 March 2025\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq(#m.items, 1)
  T.eq(#m.items[1].actions, 1)
  local a = m.items[1].actions[1]
  T.eq({ a.text, a.owners[1], a.due, a.rule }, { "Cut back the hedge", "Ali Shah", "2025-03-31", "tables.actions" })
end)

T.test("docx.blocks: Word headings as Markdown levels; numbered headings are items", function()
  local out = docx_blocks.for_interpreter({
    { kind = "heading", level = 1, style = "Title", text = "Parish Council", span = { 1, 14 } },
    { kind = "heading", level = 1, style = "heading 1", text = "Finance", span = { 16, 22 } },
    { kind = "heading", level = 1, style = "heading 1", number = "4", label = "4.", text = "Planning", span = { 24, 34 } } })
  T.eq({ out[1].level, out[2].level, out[3].kind, out[3].number }, { 1, 2, "item", "4" })
end)
T.test("docx.blocks: label lines, typed numbers, tab rows, placeholders", function()
  local text = "Date:\n\n3 March 2025\n\n2.\tApologies\n\nTask\tOwner:\tAnn Lee\n"
  local bs = {
    { kind = "paragraph", text = "Date:", span = { 1, 5 } },
    { kind = "paragraph", text = "3 March 2025", span = { 8, 19 } },
    { kind = "paragraph", text = "2. Apologies", span = { 22, 33 } },
    { kind = "paragraph", text = "Task Owner: Ann Lee", span = { 36, 54 } },
    { kind = "paragraph", text = "{date}", span = { 1, 6 } } }
  local out = docx_blocks.for_interpreter(docx_blocks.drop_placeholders(bs), text)
  T.eq(#out, 3)
  T.eq({ out[1].text, out[1].span[1], out[1].span[2] }, { "Date: 3 March 2025", 1, 19 })
  T.eq({ out[2].kind, out[2].number, out[2].text }, { "item", "2", "Apologies" })
  T.eq({ out[3].kind, out[3].cells[1].text, out[3].cells[2].text }, { "row", "Task", "Owner: Ann Lee" })
  T.eq(text:sub(out[3].cells[2].span[1], out[3].cells[2].span[2]), "Owner:\tAnn Lee")
end)

T.test("tables: one tabbed label line is not a table; a due-only labelled row is not an action", function()
  local defaults = require "minutes.defaults"
  local bl = blocks.read("\t(5 mins)\tAttendees:\t\n\t\tAnn Lee\t\n\t\tRaj Patel\t\n\n\t(2 mins)\tDate of next meeting: 3 May 2026\n")
  local found = tables.find(bl, defaults.merge(nil))
  T.eq(#found.tables, 0)
  T.eq(next(found.skip), nil)
end)

T.test("clerk.docx.read: a block's text has its blanks squashed, the document text keeps them", function()
  local clerk = require "clerk"   -- build/clerk.so (run.lua puts build/ on the path)
  local f = assert(io.open("tests/fixtures/docx/features.docx", "rb"))
  local data = f:read("a"); f:close()
  local bs, text = clerk.docx.read(data)
  T.ok(text:find("left\tright\nnext line", 1, true))
  local hit
  for _, b in ipairs(bs) do
    if b.text:find("left right next line", 1, true) then hit = b end
    T.eq(b.text:find("[\t\r\n]"), nil)
    T.eq(b.text:find("  ", 1, true), nil)
  end
  T.ok(hit)
  -- text that needs no squashing comes through byte for byte
  for _, b in ipairs(bs) do
    if b.text:find("Met on the 21st of May", 1, true) then hit = b end
  end
  T.ok(text:sub(hit.span[1], hit.span[2]):find(hit.text, 1, true))
end)

return T
