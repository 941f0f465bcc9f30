-- text.lua -- plain terminal output: what `clerk actions` prints. Tables that
-- fit in WIDTH columns are aligned; wider ones become one "- " line per row.
local document = require "document"

local WIDTH = 100
local INDENT = "  "

local function clean(s)
  return document.printable(document.cell(s))
end

-- Word-wraps `s` to WIDTH, continuing lines under `hang`; the spacing
-- between words is kept except where a line breaks.
local function wrap(s, first, hang)
  local lines, line = {}, first
  local fresh = true   -- nothing but the prefix on this line yet
  for space, word in s:gmatch("(%s*)(%S+)") do
    if fresh then space = "" end
    if not fresh and document.width(line) + #space + document.width(word) > WIDTH then
      lines[#lines + 1] = line
      line, space = hang, ""
    end
    line = line .. space .. word
    fresh = false
  end
  lines[#lines + 1] = line
  return table.concat(lines, "\n")
end

-- A paragraph keeps its own line breaks; each line is wrapped.
local function paragraph(s, first, hang)
  local lines = {}
  for line in (document.cell(s):gsub("\r\n?", "\n") .. "\n"):gmatch("(.-)\n") do
    lines[#lines + 1] = wrap(document.printable(line), #lines == 0 and first or hang, hang)
  end
  return table.concat(lines, "\n")
end

local function pad(s, n)
  return s .. string.rep(" ", n - document.width(s))
end

-- The aligned form of a table, or nil when it is wider than WIDTH. Columns
-- empty in every row are left out.
local function aligned(cols, rows)
  local keep, widths = {}, {}
  for i, c in ipairs(cols) do
    local w, any = document.width(c.title), false
    for _, r in ipairs(rows) do
      local cw = document.width(r[i])
      if cw > 0 then any = true end
      if cw > w then w = cw end
    end
    if any then keep[#keep + 1] = i; widths[i] = w end
  end
  local total = #INDENT
  for n, i in ipairs(keep) do total = total + widths[i] + (n > 1 and 2 or 0) end
  if total > WIDTH then return nil end
  local function line(cells, last_pad)
    local parts = {}
    for n, i in ipairs(keep) do
      parts[n] = (n == #keep and not last_pad) and cells[i] or pad(cells[i], widths[i])
    end
    return (INDENT .. table.concat(parts, "  "):gsub("%s+$", ""))
  end
  local titles, rules = {}, {}
  for i, c in ipairs(cols) do titles[i] = c.title; rules[i] = string.rep("-", widths[i] or 0) end
  local out = { line(titles), line(rules) }
  for _, r in ipairs(rows) do out[#out + 1] = line(r) end
  return table.concat(out, "\n")
end

-- One "- " line per row: the report's compact form when it gives one, else
-- "Title: value" pairs.
local function listed(block, cols, rows)
  local out = {}
  for n, r in ipairs(rows) do
    local text = block.compact and block.rows[n][block.compact]
    if text == nil then
      local parts = {}
      for i, c in ipairs(cols) do
        if r[i] ~= "" then parts[#parts + 1] = c.title .. ": " .. r[i] end
      end
      text = table.concat(parts, "; ")
    end
    out[#out + 1] = wrap(clean(text), INDENT .. "- ", INDENT .. "    ")
  end
  return table.concat(out, "\n")
end

local function cells_of(block)
  local cols, rows = document.columns(block), {}
  for n, row in ipairs(block.rows or {}) do
    local cells = document.row_cells(cols, row)
    for i, s in ipairs(cells) do cells[i] = document.printable(s) end
    rows[n] = cells
  end
  return cols, rows
end

local function signature(block)
  local keys = {}
  for i, c in ipairs(block.columns or {}) do keys[i] = tostring(c.key) end
  return table.concat(keys, "\0")
end

-- Column sets of which some table is too wide to align: every table with
-- that set is then listed, so that, say, each owner's actions look alike.
local function too_wide(entries)
  local wide = {}
  for _, e in ipairs(entries) do
    if e.block.type == "table" and not aligned(cells_of(e.block)) then
      wide[signature(e.block)] = true
    end
  end
  return wide
end

local function table_text(block, wide)
  local cols, rows = cells_of(block)
  if #rows == 0 then return INDENT .. "(none)" end
  if wide[signature(block)] then return listed(block, cols, rows) end
  return aligned(cols, rows) or listed(block, cols, rows)
end

local function heading(text, level)
  text = clean(text)
  if level <= 1 then return text .. "\n" .. string.rep("=", document.width(text)) end
  if level == 2 then return text .. "\n" .. string.rep("-", document.width(text)) end
  return text .. ":"
end

local function write(doc, out)
  local parts = {}
  if doc.title then parts[#parts + 1] = heading(doc.title, 1) end
  if doc.subtitle then parts[#parts + 1] = wrap(clean(doc.subtitle), "", "") end
  local entries = document.flatten(doc)
  local wide = too_wide(entries)
  for _, e in ipairs(entries) do
    local b = e.block
    if b.type == "heading" then
      parts[#parts + 1] = heading(b.text, e.level)
    elseif b.type == "paragraph" then
      parts[#parts + 1] = paragraph(b.text, "", "")
    elseif b.type == "list" then
      local items = {}
      for i, item in ipairs(b.items or {}) do
        items[i] = paragraph(item, INDENT .. "- ", INDENT .. "  ")
      end
      parts[#parts + 1] = table.concat(items, "\n")
    elseif b.type == "table" then
      parts[#parts + 1] = table_text(b, wide)
    end
  end
  local meta = document.meta(doc)
  if #meta > 0 then
    local lines = {}
    for i, m in ipairs(meta) do lines[i] = clean(m.key) .. ": " .. clean(m.value) end
    parts[#parts + 1] = table.concat(lines, "\n")
  end
  out:write(table.concat(parts, "\n\n"), "\n")
end

return {
  api = 1, kind = "writer", name = "text", extension = "txt",
  aliases = { "txt" },
  description = "Plain text for a terminal: aligned tables, or one line per row",
  write = write,
}
