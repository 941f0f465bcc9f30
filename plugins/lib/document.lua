-- document.lua -- helpers every writer shares for reading the neutral document
-- tree (plugins/README.md): flattening sections, cell text, column sets.
local M = {}

-- A cell as text. Cells should be strings or nil; numbers and lists of
-- strings are accepted so a report's small slip does not break a writer.
function M.cell(v)
  if v == nil then return "" end
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then
    if math.type(v) == "integer" then return string.format("%d", v) end
    return string.format("%.14g", v)
  end
  if t == "table" then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = M.cell(x) end
    return table.concat(parts, ", ")
  end
  return tostring(v)
end

-- Width of a string on a terminal, counting UTF-8 characters (bytes when the
-- string is not valid UTF-8).
function M.width(s)
  return utf8.len(s) or #s
end

-- Replaces control characters (C0, DEL and C1) with spaces: they would move
-- the cursor or recolour a terminal, and are invalid in HTML and XML.
function M.printable(s)
  s = s:gsub("[%z\1-\31\127]", " ")
  return (s:gsub("\194[\128-\159]", " "))
end

-- The heading level of a section: its own, else one below its parent.
local function section_level(block, parent)
  local l = tonumber(block.level) or parent + 1
  if l < 1 then l = 1 end
  return l
end

-- Flattens the document's blocks into a list of entries {block, level,
-- context}, in order. A section becomes a heading entry (block.section =
-- true), its blocks, then an entry of type "end" closing it; writers that do
-- not nest simply ignore "end". `context` lists the enclosing headings'
-- texts, outermost first (the CSV writer's first column).
function M.flatten(doc)
  local out, stack = {}, {}   -- stack: {level, text} of the open headings
  local function context()
    local c = {}
    for i, h in ipairs(stack) do c[i] = h.text end
    return c
  end
  local function push(level, text)
    while #stack > 0 and stack[#stack].level >= level do stack[#stack] = nil end
    stack[#stack + 1] = { level = level, text = text }
  end
  local function walk(blocks, parent)
    for _, b in ipairs(blocks or {}) do
      if b.type == "section" then
        local level = section_level(b, parent)
        local saved = { table.unpack(stack) }
        local text = M.cell(b.title)
        push(level, text)
        out[#out + 1] = { block = { type = "heading", level = level, text = text,
                                    section = true }, level = level, context = context() }
        walk(b.blocks, level)
        out[#out + 1] = { block = { type = "end", level = level }, level = level,
                          context = context() }
        stack = saved
      else
        local level = parent
        if b.type == "heading" then
          level = tonumber(b.level) or parent + 1
          push(level, M.cell(b.text))
        end
        out[#out + 1] = { block = b, level = level, context = context() }
      end
    end
  end
  walk(doc.blocks, 1)
  return out
end

-- The columns of a table block, each {key, title} with the title defaulting
-- to the key.
function M.columns(block)
  local cols = {}
  for i, c in ipairs(block.columns or {}) do
    cols[i] = { key = c.key, title = M.cell(c.title or c.key) }
  end
  return cols
end

-- The cells of one row as strings, in column order.
function M.row_cells(cols, row)
  local cells = {}
  for i, c in ipairs(cols) do cells[i] = M.cell(row[c.key]) end
  return cells
end

-- meta as a sorted list of {key, value}, so every writer prints it alike.
function M.meta(doc)
  local list = {}
  for k, v in pairs(doc.meta or {}) do list[#list + 1] = { key = tostring(k), value = M.cell(v) } end
  table.sort(list, function(a, b) return a.key < b.key end)
  return list
end

return M
