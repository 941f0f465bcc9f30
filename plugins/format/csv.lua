-- csv.lua -- RFC 4180 CSV for spreadsheets: a UTF-8 byte order mark (so Excel
-- reads UTF-8), CRLF line ends, fields quoted when they hold , " CR or LF.
-- Every table (and list) of the document becomes rows whose first column is
-- the section the table sits in; tables with the same columns share one header.
local document = require "document"

local BOM = "\239\187\191"

-- A cell that starts like a formula would be run by Excel and its kin
-- ("=HYPERLINK(...)"); a leading apostrophe keeps it text.
local function defuse(s)
  if s:find("^[=+%-@\t\r]") then return "'" .. s end
  return s
end

local function field(s)
  s = defuse(document.cell(s))
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function record(cells)
  local f = {}
  for i, s in ipairs(cells) do f[i] = field(s) end
  return table.concat(f, ",") .. "\r\n"
end

-- Lists become one-column tables so their items are not lost.
local function as_table(b)
  if b.type == "table" then return document.columns(b), b.rows or {} end
  local rows = {}
  for i, item in ipairs(b.items or {}) do rows[i] = { item = item } end
  return { { key = "item", title = "Item" } }, rows
end

local function write(doc, out)
  -- groups of rows by column set, in order of first appearance
  local groups, by_sig = {}, {}
  for _, e in ipairs(document.flatten(doc)) do
    local b = e.block
    if b.type == "table" or b.type == "list" then
      local cols, rows = as_table(b)
      local titles = {}
      for i, c in ipairs(cols) do titles[i] = c.title end
      local sig = table.concat(titles, "\0")
      local g = by_sig[sig]
      if not g then
        g = { header = titles, rows = {} }
        by_sig[sig] = g
        groups[#groups + 1] = g
      end
      local context = table.concat(e.context, " / ")
      if context == "" then context = document.cell(doc.title) end
      for _, row in ipairs(rows) do
        local cells = document.row_cells(cols, row)
        table.insert(cells, 1, context)
        g.rows[#g.rows + 1] = cells
      end
    end
  end
  out:write(BOM)
  for n, g in ipairs(groups) do
    if n > 1 then out:write("\r\n") end
    out:write(record({ "Section", table.unpack(g.header) }))
    for _, cells in ipairs(g.rows) do out:write(record(cells)) end
  end
end

return {
  api = 1, kind = "writer", name = "csv", extension = "csv",
  description = "CSV for spreadsheets (UTF-8 with BOM, CRLF)",
  write = write,
}
