-- ics.lua -- iCalendar (RFC 5545): one VTODO per action a report lists, with
-- its due date, so open actions land in a calendar or task list. Rows say
-- they are tasks with a `todo` field beside their cells (plugins/README.md):
-- { uid=, summary=, due="YYYY-MM-DD"|nil, status="open"|"done"|...,
--   description=, owner= }. A report without tasks gives an empty calendar.
local document = require "document"

-- TEXT values escape backslash, semicolon, comma and line ends.
local function text(s)
  local parts = {}
  for line in (document.cell(s):gsub("\r\n?", "\n") .. "\n"):gmatch("(.-)\n") do
    parts[#parts + 1] = (document.printable(line):gsub("\\", "\\\\"):gsub(";", "\\;"):gsub(",", "\\,"))
  end
  return table.concat(parts, "\\n")
end

-- Content lines fold at 75 octets, never inside a UTF-8 character.
local function fold(line)
  local out, cur = {}, ""
  for ch in line:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    if #cur + #ch > (#out == 0 and 75 or 74) then
      out[#out + 1] = cur
      cur = ""
    end
    cur = cur .. ch
  end
  out[#out + 1] = cur
  return table.concat(out, "\r\n ")
end

local STATUS = { open = "NEEDS-ACTION", done = "COMPLETED", dropped = "CANCELLED", superseded = "CANCELLED" }

local function write(doc, out)
  local lines = { "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Clerk//Clerk " .. clerk.version .. "//EN",
    "CALSCALE:GREGORIAN", "X-WR-CALNAME:" .. text(doc.title or "Clerk") }
  local stamp = os.date("!%Y%m%dT%H%M%SZ")
  local seen = {}
  for _, e in ipairs(document.flatten(doc)) do
    local b = e.block
    for _, row in ipairs(b.type == "table" and b.rows or {}) do
      local t = type(row.todo) == "table" and row.todo or nil
      if t and t.uid and not seen[t.uid] then
        seen[t.uid] = true
        lines[#lines + 1] = "BEGIN:VTODO"
        lines[#lines + 1] = "UID:" .. text(t.uid)
        lines[#lines + 1] = "DTSTAMP:" .. stamp
        lines[#lines + 1] = "SUMMARY:" .. text(t.summary or "(action)")
        local y, m, d = tostring(t.due or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
        if y then lines[#lines + 1] = "DUE;VALUE=DATE:" .. y .. m .. d end
        lines[#lines + 1] = "STATUS:" .. (STATUS[t.status] or "NEEDS-ACTION")
        if t.description then lines[#lines + 1] = "DESCRIPTION:" .. text(t.description) end
        if t.owner then lines[#lines + 1] = "X-CLERK-OWNER:" .. text(t.owner) end
        if t.categories then lines[#lines + 1] = "CATEGORIES:" .. text(t.categories) end
        lines[#lines + 1] = "END:VTODO"
      end
    end
  end
  lines[#lines + 1] = "END:VCALENDAR"
  for i, l in ipairs(lines) do lines[i] = fold(l) end
  out:write(table.concat(lines, "\r\n"), "\r\n")
end

return {
  api = 1, kind = "writer", name = "ics", extension = "ics", aliases = { "ical", "icalendar" },
  description = "iCalendar: one VTODO per action, with its due date",
  write = write,
}
