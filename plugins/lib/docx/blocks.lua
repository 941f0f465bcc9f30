-- docx/blocks.lua -- a .docx's blocks (from clerk.docx.read) as the
-- interpreter reads them: the body only, each block as minutes.blocks
-- documents; headers, footers, notes and comments kept aside by part.
local M = {}

-- Text a template leaves for the author: "{date}", "[Insert name]", "<Title>".
local function placeholder_only(text)
  if not (text:find("{", 1, true) or text:find("[", 1, true) or text:find("<", 1, true)) then return false end
  local rest = text:gsub("%b{}", ""):gsub("%[[Ii]nsert[^%]]*%]", ""):gsub("%b<>", "")
  return not rest:find("%w")
end

-- Splits blocks into the body (for the interpreter) and the other parts.
-- Returns body, others (others[part] = list of blocks).
function M.split(blocks)
  local body, others = {}, {}
  for _, b in ipairs(blocks) do
    if b.part == "body" then
      body[#body + 1] = b
    else
      others[b.part] = others[b.part] or {}
      table.insert(others[b.part], b)
    end
  end
  return body, others
end

-- Blanks template placeholders out of the body: a cell or paragraph that is
-- only "{placeholder}" says nothing about a meeting.
function M.drop_placeholders(body)
  local out = {}
  for _, b in ipairs(body) do
    if b.kind == "row" then
      local cells, any = {}, false
      for i, c in ipairs(b.cells) do
        if placeholder_only(c.text) then
          cells[i] = { text = "", span = c.span, gridspan = c.gridspan, vmerge = c.vmerge }
        else
          cells[i] = c
          if c.text:find("%S") then any = true end
        end
      end
      if any then
        local copy = {}
        for k, v in pairs(b) do copy[k] = v end
        copy.cells = cells
        out[#out + 1] = copy
      end
    elseif not placeholder_only(b.text) then
      out[#out + 1] = b
    end
  end
  return out
end

local function copy(b)
  local c = {}
  for k, v in pairs(b) do c[k] = v end
  return c
end

local function words(s)
  local n = 0
  for _ in s:gmatch("%S+") do n = n + 1 end
  return n
end

-- Word's structure in the terms of the text reader's blocks:
--   * heading levels as Markdown's: Title is 1, Heading 1 is 2, ... (the
--     interpreter reads level-1 headings as the document's title);
--   * a numbered heading ("1. Apologies") is a numbered item, as the same
--     line in a text file would be;
--   * in the header (the first dozen blocks), a short label paragraph
--     ("Date:") followed by its value on the next paragraph ("10 June 2026")
--     reads as one line, "Date: 10 June 2026".
--   * a paragraph whose words are set apart by tabs ("Task<tab>Owner<tab>Due")
--     is a row of cells, as the same line of a text file is.
-- text: the document's plain text, which the spans index.
local function tab_row(b, text)
  if b.kind ~= "paragraph" or not text then return nil end
  local raw = text:sub(b.span[1], b.span[2])
  if not raw:find("\t") or raw:find("\n") then return nil end
  local cells, pos = {}, 1
  while pos <= #raw + 1 do
    local tab = raw:find("\t", pos, true) or #raw + 1
    local a, z = pos, tab - 1
    while a <= z and raw:sub(a, a):match("%s") do a = a + 1 end
    while z >= a and raw:sub(z, z):match("%s") do z = z - 1 end
    if a <= z then
      local prev = cells[#cells]
      if prev and prev.text:match("^[^:]+:$") then   -- "TIME:<tab>9:00" is one labelled cell
        prev.text = prev.text .. " " .. raw:sub(a, z)
        prev.span[2] = b.span[1] + z - 1
      else
        cells[#cells + 1] = { text = raw:sub(a, z), span = { b.span[1] + a - 1, b.span[1] + z - 1 } }
      end
    end
    pos = tab + 1
  end
  if #cells < 2 then return nil end
  local t = {}
  for _, c in ipairs(cells) do t[#t + 1] = c.text end
  return { kind = "row", cells = cells, text = table.concat(t, " | "), span = b.span, line = b.line,
    part = b.part, tabbed = true }
end

function M.for_interpreter(body, text)
  local out = {}
  local i = 1
  while i <= #body do
    local b = body[i]
    if b.kind == "heading" then
      b = copy(b)
      if b.number and not b.bullet then
        b.kind = "item"
      else
        local title = (b.style or ""):lower() == "title"
        b.level = title and 1 or math.min(6, (b.level or 1) + 1)
        b.number, b.label = nil, nil
      end
    end
    local nxt = body[i + 1]
    -- a number typed before the words ("1.<tab>Attendees") numbers an item,
    -- as the same line of a text file does
    if b.kind == "paragraph" or b.kind == "heading" then
      local num, rest = b.text:match("^(%d%d?%d?%a?)[%.%)]%s+(%S.*)$")
      if num and b.text:match("^%d+%a?[%.%)]%s+%u") then
        b = copy(b)
        b.kind, b.number, b.text, b.level = "item", num, rest, nil
      end
    end
    if b.kind == "paragraph" then b = tab_row(b, text) or b end
    -- a short "Label:" introducing a list heads a section
    if b.kind == "paragraph" and b.text:find(":", 1, true) and b.text:match("^[^:]+:%s*$") and words(b.text) <= 4
        and nxt and nxt.kind == "item" and nxt.bullet then
      b = copy(b)
      b.kind, b.level, b.text = "heading", 2, b.text:gsub(":%s*$", "")
    end
    if i <= 12 and (b.kind == "paragraph" or b.kind == "heading" or b.kind == "item") and b.text:match("^[^:]+:%s*$") and words(b.text) <= 4
        and nxt and nxt.kind == "paragraph" and not nxt.text:match(":%s*$") and #nxt.text <= 200
        and not tab_row(nxt, text) then
      local joined = copy(b)
      if joined.kind == "heading" then joined.kind, joined.level = "paragraph", nil end
      joined.text = b.text:gsub("%s+$", "") .. " " .. nxt.text
      joined.span = { b.span[1], nxt.span[2] }
      out[#out + 1] = joined
      i = i + 2
    else
      out[#out + 1] = b
      i = i + 1
    end
  end
  return out
end

return M
