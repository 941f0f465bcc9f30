-- json.lua -- JSON: a report's raw records (document.data) when it has them,
-- such as the interchange format of `export`, else the document tree itself.

-- Keys first in this order (the rest sorted), so an export reads like the
-- interchange format's documentation: source, body, title, date, ... with
-- each attendee's name and each item's number leading.
local ORDER = { "key", "source", "body", "name", "number", "title", "subtitle", "text", "date",
  "start", "end", "venue", "chair", "status", "role", "organisation", "substitute_for",
  "owners", "due", "due_text", "presenter", "time", "attendance", "items", "decisions",
  "actions", "next_meeting", "meetings", "type", "level", "columns", "rows", "blocks" }

local function write(doc, out)
  local value = doc.data
  if value == nil then
    value = { title = doc.title, subtitle = doc.subtitle, meta = doc.meta,
              blocks = doc.blocks or {} }
  end
  out:write(clerk.json.encode(value, { indent = 2, order = ORDER }), "\n")
end

return {
  api = 1, kind = "writer", name = "json", extension = "json",
  description = "JSON: the report's records, or its document tree",
  write = write,
}
