-- moderngov/html.lua -- ModernGov's HTML: unescaping and Word HTML -> blocks.
-- Minutes and decisions arrive as Word-generated HTML, escaped inside XML;
-- titles are sometimes escaped twice ("Members&amp;#39;" in the XML is
-- "Members&#39;" after XML decoding, "Members'" after ours).
local H = {}

local NAMED = {
  amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = " ",
  ndash = "\u{2013}", mdash = "\u{2014}", lsquo = "\u{2018}", rsquo = "\u{2019}",
  ldquo = "\u{201C}", rdquo = "\u{201D}", hellip = "\u{2026}", pound = "\u{00A3}",
  euro = "\u{20AC}", bull = "\u{2022}", middot = "\u{00B7}", copy = "\u{00A9}",
}

local function codepoint(n)
  if not n or n <= 0 or n > 0x10FFFF or (n >= 0xD800 and n <= 0xDFFF) then return "\u{FFFD}" end
  if n == 0xA0 then return " " end
  return utf8.char(n)
end

local function unescape_once(s)
  return (s:gsub("&(#?[xX]?)(%w+);", function(kind, body)
    if kind == "" then return NAMED[body] end     -- unknown names stay as written
    if kind == "#" then return codepoint(tonumber(body)) end
    return codepoint(tonumber(body, 16))
  end))
end

-- Entity references decoded, twice escaped included (at most three rounds).
function H.unescape(s)
  if not s then return nil end
  for _ = 1, 3 do
    if not s:find("&", 1, true) or not s:find("&#?%w+;") then break end
    local t = unescape_once(s)
    if t == s then break end
    s = t
  end
  return s
end

-- Collapses runs of white space (no-break spaces included) and trims.
-- (Plain finds first, and the ends trimmed by hand: a pattern scan tries
-- every byte.)
function H.squash(s)
  if s:find("\xC2\xA0", 1, true) then s = s:gsub("\xC2\xA0", " ") end
  s = s:gsub("[%s\1]+", " ")
  local a, e = 1, #s
  if s:byte(1) == 32 then a = 2 end
  if e >= a and s:byte(e) == 32 then e = e - 1 end
  return a == 1 and e == #s and s or s:sub(a, e)
end

local SKIP = { script = true, style = true, head = true, title = true, noscript = true,
  iframe = true, object = true, form = false, button = true, select = true, template = true }
local BLOCK = { p = "paragraph", h1 = "heading", h2 = "heading", h3 = "heading", h4 = "heading",
  h5 = "heading", h6 = "heading", li = "paragraph", dt = "paragraph", dd = "paragraph",
  pre = "paragraph", caption = "paragraph" }
H.SKIP = SKIP

-- Inline text of a node: <br> becomes "\1" (a line break of the page, as
-- opposed to the newlines of the HTML source, which are only spaces).
local function inline(node, out)
  for _, c in ipairs(node) do
    if type(c) == "string" then out[#out + 1] = c
    elseif c.name == "br" then out[#out + 1] = "\1"
    elseif not SKIP[c.name] then inline(c, out) end
  end
  return out
end
function H.text(node) return H.squash(table.concat(inline(node, {}))) end

-- The reader: a tree from clerk.xml.html -> (blocks, data). `data` is the
-- text of the blocks joined by blank lines; spans point into it, so it is
-- what the interpreter gets as opts.data. `skip(node)` may veto subtrees
-- (navigation of a saved page).
function H.blocks(root, skip)
  local blocks, parts, pos, line = {}, {}, 1, 1
  local function add(kind, text, extra)
    text = H.squash(text)
    if text == "" then return end
    local b = extra or {}
    b.kind, b.text, b.line = kind, text, line
    b.span = { pos, pos + #text - 1 }
    if b.cells then
      local cpos = pos
      for _, c in ipairs(b.cells) do
        local at = text:find(c.text, cpos - pos + 1, true)
        if at then c.span = { pos + at - 1, pos + at - 1 + #c.text - 1 }; cpos = pos + at + #c.text - 1 end
      end
    end
    blocks[#blocks + 1] = b
    parts[#parts + 1] = text
    pos = pos + #text + 2
    line = line + 2
  end
  local function lines_of(kind, node, extra)
    local t = table.concat(inline(node, {}))
    local from = 1
    while from <= #t + 1 do      -- the pieces between <br>s ("\1"), by plain finds
      local at = t:find("\1", from, true) or #t + 1
      local e = nil
      if extra then e = {}; for k, v in pairs(extra) do e[k] = v end end
      add(kind, t:sub(from, at - 1), e)
      from = at + 1
    end
  end
  local function walk(node)
    local run = {}      -- inline content met directly inside a container
    local function flush()
      if #run > 0 then lines_of("paragraph", run); run = {} end
    end
    for _, c in ipairs(node) do
      if type(c) == "string" then run[#run + 1] = c
      elseif SKIP[c.name] or (skip and skip(c)) then -- dropped
      elseif BLOCK[c.name] then
        flush()
        local level = c.name:match("^h(%d)$")
        lines_of(BLOCK[c.name], c, level and { level = tonumber(level) } or nil)
      elseif c.name == "tr" then
        flush()
        local cells, texts = {}, {}
        for _, cell in ipairs(c) do
          if type(cell) == "table" and (cell.name == "td" or cell.name == "th") then
            local t = H.text(cell)
            if t ~= "" then cells[#cells + 1] = { text = t }; texts[#texts + 1] = t end
          end
        end
        if #cells == 1 then add("paragraph", texts[1])
        elseif #cells > 1 then add("row", table.concat(texts, "\t"), { cells = cells }) end
      elseif c.name == "br" then run[#run + 1] = "\1"
      elseif c.name == "span" or c.name == "a" or c.name == "b" or c.name == "i" or c.name == "strong"
          or c.name == "em" or c.name == "u" or c.name == "font" or c.name == "sup" or c.name == "sub"
          or c.name == "o:p" or c.name == "p:colorscheme" then
        run[#run + 1] = c
      else
        flush()
        walk(c)
      end
    end
    flush()
  end
  if root then walk({ root }) end
  return blocks, table.concat(parts, "\n\n")
end

-- Word HTML (a string, escaped once more or not) -> blocks, data.
function H.word_blocks(html)
  if not html or not html:find("%S") then return {}, "" end
  local root = clerk.xml.html(html)
  if not root then return {}, "" end
  return H.blocks(root)
end

return H
