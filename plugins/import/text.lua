-- plugins/import/text.lua -- the plain-text (and Markdown) minutes importer.
-- Reads the bytes into blocks (minutes.blocks), interprets them
-- (minutes.interpret) and hands the meeting to the sink.
local blocks = require "minutes.blocks"
local interpret = require "minutes.interpret"
local split = require "minutes.split"

local text_extensions = { txt = true, text = true, md = true }

-- Line number of byte offset pos in data.
local function line_of(data, pos)
  local n = 1
  for _ in data:sub(1, pos - 1):gmatch("\n") do n = n + 1 end
  return n
end

local function looks_binary(head)
  return head:sub(1, 4) == "PK\3\4" or head:sub(1, 5) == "%PDF-" or head:find("\0", 1, true) ~= nil
end

-- Does the head decode as UTF-8? A multi-byte character cut at the end of
-- the 8 KiB head does not count against it.
local function utf8_head(head)
  local ok, bad = utf8.len(head)
  if ok then return true end
  return bad > #head - 4
end

local function detect(input)
  local head = input.head or ""
  if looks_binary(head) then return 0 end
  local ext = (input.name or ""):match("%.([%w]+)$")
  if ext and text_extensions[ext:lower()] then return 60 end
  if head ~= "" and utf8_head(head) then return 20 end
  return 0
end

local function import(input, sink, opts)
  local data = input.data or ""
  local len, bad = utf8.len(data)
  if not len then
    error(("line %d: invalid UTF-8 at byte %d (convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8)")
      :format(line_of(data, bad), bad), 0)
  end
  local body = data:gsub("^\xEF\xBB\xBF", "")
  if not body:find("%S") then error("empty file: no minutes to read", 0) end
  local found = 0
  for _, part in ipairs(split.split(blocks.read(data))) do
    local m = interpret.meeting(part, { rules = opts and opts.rules, data = data })
    local content = #m.items + #m.attendance + #(m.actions or {})
    if (m.date or m.title) and content > 0 then
      m.rules = nil
      sink:meeting(m)
      found = found + 1
    end
  end
  if found == 0 then
    error("no meeting found: expected a title, a date or an attendance list", 0)
  end
end

return {
  api = 1,
  kind = "importer",
  name = "text",
  description = "Plain-text and Markdown minutes (header, attendance, items, decisions, actions)",
  extensions = { "txt", "text", "md" },
  detect = detect,
  import = import,
}
