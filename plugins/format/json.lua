-- json.lua -- JSON: a report's raw records (document.data) when it has them,
-- such as the interchange format of `export`, else the document tree itself.

-- Keys in the interchange format's order, so an export reads like its documentation.
local ORDER = require("interchange").KEY_ORDER

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
