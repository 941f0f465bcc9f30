-- plugins/import/docx.lua -- Word (.docx) minutes. clerk.docx reads the
-- document into blocks and plain text (C: zip, XML); the body's blocks go
-- to the same interpreter as text minutes (minutes.interpret), which also
-- reads structured tables (minutes.tables). Spans index the plain text,
-- left in input.text for `clerk extract --explain`.
local interpret = require "minutes.interpret"
local docx_blocks = require "docx.blocks"

local function detect(input)
  local head = input.head or ""
  if head:sub(1, 4) ~= "PK\3\4" then return 0 end
  local ext = (input.name or ""):match("%.([%w]+)$")
  if ext and (ext:lower() == "docx" or ext:lower() == "docm") then return 90 end
  if head:find("word/", 1, true) then return 70 end
  return 0
end

local function import(input, sink, opts)
  local blocks, text = clerk.docx.read(input.data or "")
  if not blocks then error(text, 0) end
  input.text = text
  local body = docx_blocks.for_interpreter(docx_blocks.drop_placeholders((docx_blocks.split(blocks))), text)
  if #body == 0 then error("empty document: no minutes to read", 0) end
  local m = interpret.meeting(body, { rules = opts and opts.rules, data = text })
  local content = #m.items + #m.attendance + #(m.actions or {})
  if not (m.date or m.title) or content == 0 then
    error("no meeting found: expected a title, a date or an attendance list", 0)
  end
  m.rules = nil
  sink:meeting(m)
end

return {
  api = 1,
  kind = "importer",
  name = "docx",
  description = "Word .docx minutes (headings, lists, action and attendee tables)",
  extensions = { "docx" },
  detect = detect,
  import = import,
}
