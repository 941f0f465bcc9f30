-- markdown.lua -- GitHub-flavoured Markdown. Text is backslash-escaped so
-- that names and minutes are shown as written, never read as markup.
local document = require "document"

-- Inline escape: characters that start emphasis, links, code, HTML, tables
-- or entities anywhere in a line.
local function inline(s)
  s = document.cell(s):gsub("\r\n?", "\n")
  s = s:gsub("[%z\1-\9\11-\31\127]", " ")
  return (s:gsub("[\\`*_%[%]<>|~&]", "\\%0"))
end

-- Block text: also escapes what would start a heading, quote, list, rule or
-- setext underline at the beginning of a line, and keeps line breaks.
local function block_text(s)
  local lines = {}
  for line in (inline(s) .. "\n"):gmatch("(.-)\n") do
    line = line:gsub("^(%s*)([#>+=%-])", "%1\\%2")
    line = line:gsub("^(%s*%d+)([.)])", "%1\\%2")
    lines[#lines + 1] = line
  end
  return table.concat(lines, "  \n")
end

-- A table cell: one line, pipes escaped (inline did that), breaks as <br>.
local function cell(s)
  local t = inline(s):gsub("\n", "<br>")
  return t
end

local function table_md(block)
  local cols = document.columns(block)
  if #cols == 0 then return nil end
  local head, rule = {}, {}
  for i, c in ipairs(cols) do head[i] = cell(c.title); rule[i] = "---" end
  local lines = { "| " .. table.concat(head, " | ") .. " |", "|" .. table.concat(rule, "|") .. "|" }
  for _, row in ipairs(block.rows or {}) do
    local cells = document.row_cells(cols, row)
    for i, s in ipairs(cells) do cells[i] = cell(s) end
    lines[#lines + 1] = "| " .. table.concat(cells, " | ") .. " |"
  end
  return table.concat(lines, "\n")
end

local function write(doc, out)
  local parts = {}
  if doc.title then parts[#parts + 1] = "# " .. cell(doc.title) end
  if doc.subtitle then parts[#parts + 1] = "_" .. cell(doc.subtitle) .. "_" end
  local meta = document.meta(doc)
  if #meta > 0 then
    local m = {}
    for i, x in ipairs(meta) do m[i] = cell(x.key) .. ": " .. cell(x.value) end
    parts[#parts + 1] = table.concat(m, " · ")
  end
  for _, e in ipairs(document.flatten(doc)) do
    local b = e.block
    if b.type == "heading" then
      local level = math.min(math.max(e.level, 1), 6)
      parts[#parts + 1] = string.rep("#", level) .. " " .. cell(b.text)
    elseif b.type == "paragraph" then
      parts[#parts + 1] = block_text(b.text)
    elseif b.type == "list" then
      local items = {}
      for i, item in ipairs(b.items or {}) do
        items[i] = "- " .. block_text(item):gsub("\n", "\n  ")
      end
      parts[#parts + 1] = table.concat(items, "\n")
    elseif b.type == "table" then
      parts[#parts + 1] = table_md(b)
    end
  end
  out:write(table.concat(parts, "\n\n"), "\n")
end

return {
  api = 1, kind = "writer", name = "markdown", extension = "md",
  aliases = { "md" },
  description = "GitHub-flavoured Markdown with tables",
  write = write,
}
