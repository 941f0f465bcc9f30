-- test_register_writers.lua -- the ics and docx writers on hostile strings:
-- iCalendar escaping, 75-octet folding that never splits a character, one
-- VTODO per task row; a .docx whose parts are well-formed and escaped.
local T = require "testing"
local P = require "plugin_env"

local function render(path, doc)
  local w = P.load(path)
  local out = {}
  w.write(doc, { write = function(_, ...) for _, s in ipairs({ ... }) do out[#out + 1] = s end end })
  return table.concat(out)
end

local LONG = ("Café naïve — ünïcode; commas, backslash \\ and more "):rep(4)
local function doc()
  return {
    title = "Open, actions; <b>",
    blocks = { { type = "section", title = "Owner", blocks = { { type = "table",
      columns = { { key = "text", title = "Action" } },
      rows = {
        { text = "a", todo = { uid = "action-1@clerk", summary = LONG .. "\nsecond line", due = "2026-07-31",
          status = "open", owner = "Jo, Bloggs" } },
        { text = "b", todo = { uid = "action-2@clerk", summary = "done one", due = "soon", status = "done" } },
        { text = "c" },                                         -- not a task
        { text = "a again", todo = { uid = "action-1@clerk", summary = "dup" } },   -- same task twice
      } } } } },
  }
end

T.test("ics: one VTODO per task row, escaped, folded at 75 octets", function()
  local s = render("plugins/format/ics.lua", doc())
  T.ok(s:sub(-2) == "\r\n", "ends with CRLF")
  for line in s:gmatch("(.-)\r\n") do
    T.ok(#line <= 75, "line of " .. #line .. " octets")
    T.ok(utf8.len(line) ~= nil, "a folded line splits no character: " .. line)
  end
  local unfolded = s:gsub("\r\n ", "")
  local n = 0
  for _ in unfolded:gmatch("BEGIN:VTODO") do n = n + 1 end
  T.eq(n, 2)
  T.match(unfolded, "SUMMARY:Café naïve — ünïcode\\; commas\\, backslash \\\\ and more")
  T.match(unfolded, "second line\r\n")
  T.match(unfolded, "\\nsecond line")
  T.match(unfolded, "DUE;VALUE=DATE:20260731\r\n")
  T.match(unfolded, "STATUS:COMPLETED")
  T.match(unfolded, "X%-CLERK%-OWNER:Jo\\, Bloggs")
  T.ok(not unfolded:find("DUE;VALUE=DATE:soon", 1, true), "a due date that is not a date is left out")
  T.match(unfolded, "^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
end)

T.test("ics: a report without tasks is an empty calendar", function()
  local s = render("plugins/format/ics.lua", { title = "x", blocks = { { type = "paragraph", text = "p" } } })
  T.eq(select(2, s:gsub("BEGIN:", "")), 1)
end)

T.test("docx: a zip of well-formed, escaped parts", function()
  if not P.json then return P.skip("docx writer", "build/clerk.so not built (clerk.zip)") end
  local s = render("plugins/format/docx.lua", doc())
  T.eq(s:sub(1, 4), "PK\3\4")
  -- the parts are stored by name in the central directory
  for _, part in ipairs({ "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml" }) do
    T.ok(s:find(part, 1, true), part)
  end
end)
