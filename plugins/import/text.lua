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

-- Words that say a text records a meeting, when nothing else does.
local meeting_words = { "minute", "meeting", "agenda", "notes", "committee", "board",
  "council", "forum", "partnership", "panel", "group", "sync", "call", "session", "agm" }

local function count_records(m)
  local n = #m.attendance + #(m.actions or {})
  for _, it in ipairs(m.items) do n = n + #it.decisions + #it.actions end
  return n
end

-- A meeting needs a date or a title, and either records a meeting holds
-- (attendance, decisions, actions) or items under a title that says
-- "meeting": a licence's numbered sections are not an agenda.
local function is_meeting(m)
  if not (m.date or m.title) then return false end
  if count_records(m) > 0 then return true end
  if #m.items == 0 then return false end
  local title = ((m.title or "") .. " " .. (m.body or "")):lower()
  for _, w in ipairs(meeting_words) do
    if title:find(w, 1, true) then return true end
  end
  return false
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
    if is_meeting(m) then
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
