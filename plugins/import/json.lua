-- json.lua -- imports the interchange format (../shared/eval/README.md), the
-- format `clerk export` writes, so an export can be read back unchanged.
local read = require "interchange.read"

local BOM = "\239\187\191"

local function strip_bom(s)
  if s:sub(1, 3) == BOM then return s:sub(4) end
  return s
end

local function detect(input)
  local score = 0
  if (input.name or ""):lower():match("%.json$") then score = score + 50 end
  local head = strip_bom(input.head or "")
  if head:match("^%s*{") and (head:find('"items"', 1, true) or head:find('"meetings"', 1, true)
                              or head:find('"attendance"', 1, true)) then
    score = score + 40
  end
  return score
end

local function import(input, sink)
  local doc, msg = clerk.json.decode(strip_bom(input.data))
  if doc == nil then error(msg or "not JSON", 0) end
  local meetings = read.read(doc, clerk.json.null, function(note) sink:warn(note) end)
  for _, m in ipairs(meetings) do sink:meeting(m) end
end

return {
  api = 1, kind = "importer", name = "json",
  description = "Meetings in Clerk's JSON interchange format",
  extensions = { "json" },
  detect = detect,
  import = import,
}
