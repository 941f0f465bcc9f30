-- minutes/blocks.lua -- the plain-text reader: bytes -> blocks.
--
-- A block is what every reader (text, and later .docx and ModernGov HTML)
-- hands the interpreter:
--
--   { kind = "heading" | "paragraph" | "item" | "row" | "pageheader",
--     text  = "words of the block, one line, markdown emphasis removed",
--     level = 1..6           -- heading: markdown level (nil for **bold** lines)
--     number = "9a"          -- item: printed number ("168", "9a"), or nil
--     bullet = true          -- item: a bulleted list item
--     cells = { {text=, span=}, ... }   -- row: the cells of a tab-separated line
--     span = { first, last } -- 1-based inclusive byte offsets in the input
--     line = N,              -- line number of the first line
--     indent = N,            -- leading blanks (nesting of markdown lists)
--     link = true }          -- the line is only a link ("[Original file](...)")
--
-- "pageheader" is a running page header of a PDF-to-text file, kept once so
-- the interpreter can read a title from it; its repeats are removed.
-- The reader decides layout only; it never decides meaning.
local B = {}

local trimmed = require("minutes.names").trim

-- Runs of blanks made one space; the copy only when there is such a run.
-- Plain finds: a "[\t-\r]" pattern would be tried at every byte.
local function single_spaced(s)
  if s:find("  ", 1, true) or s:find("\t", 1, true) or s:find("\n", 1, true) or s:find("\v", 1, true)
      or s:find("\f", 1, true) or s:find("\r", 1, true) then
    return (s:gsub("%s+", " "))
  end
  return s
end

-- True when s ends with one of the bytes in set (a "[...]$" pattern would
-- be tried at every byte).
local function ends_in(s, set)
  local c = s:byte(-1)
  return c ~= nil and set[c] == true
end
local stops = { [46] = true, [58] = true, [59] = true, [33] = true, [63] = true, [41] = true }   -- . : ; ! ? )
local full_stops = { [46] = true, [58] = true, [59] = true, [33] = true, [63] = true }       -- . : ; ! ?

local function blank(c) return c == 32 or (c ~= nil and c >= 9 and c <= 13) end   -- %s

local function trim_range(s, a, b)
  while a <= b and blank(s:byte(a)) do a = a + 1 end
  while b >= a and blank(s:byte(b)) do b = b - 1 end
  return a, b
end

-- Splits data into lines: {text, first, last, line}; text excludes the
-- line break; CRLF, LF and lone CR all end a line.
-- The next break is found with plain finds, each remembered until passed:
-- a "[\r\n]" pattern would be tried at every byte.
function B.lines(data, start)
  local lines, pos, n = {}, start or 1, 0
  local len = #data
  local find = string.find
  local nl, cr = 0, 0        -- next LF / CR at or after pos (false: none left)
  while pos <= len do
    if nl and nl < pos then nl = find(data, "\n", pos, true) or false end
    if cr and cr < pos then cr = find(data, "\r", pos, true) or false end
    local s = nl
    if cr and (not s or cr < s) then s = cr end
    local e, nextpos
    if not s then
      e, nextpos = len, len + 1
    else
      e = s - 1
      nextpos = (data:byte(s) == 13 and data:byte(s + 1) == 10) and s + 2 or s + 1
    end
    n = n + 1
    lines[n] = { text = data:sub(pos, e), first = pos, last = e, line = n }
    pos = nextpos
  end
  return lines
end

-- Symbol-font bullets and ticks that PDF converters leave as private-use
-- characters (U+E000..U+F8FF) carry no words: blank them out.
local function clean_chars(s)
  -- plain finds first: most lines have none of these bytes
  if not (s:find("\xEE", 1, true) or s:find("\xEF", 1, true) or s:find("\xC2\xA0", 1, true)) then return s end
  return (s:gsub("[\xEE\xEF][\x80-\xBF][\x80-\xBF]", function(c)
    local cp = utf8.codepoint(c)
    if (cp >= 0xE000 and cp <= 0xF8FF) or cp == 0xFEFF then return " " end
  end):gsub("\xC2\xA0", " "))
end

-- Finds a running page header: a prefix of at least 40 characters that
-- begins three or more lines, at least two of which go on with other words
-- (a line merely repeated whole is content, e.g. "That the update be noted").
local function find_page_header(lines)
  local groups = {}
  local trim = {}     -- each line trimmed once
  for i, l in ipairs(lines) do
    local t = #l.text >= 40 and trimmed(l.text) or ""
    trim[i] = t
    if #t >= 40 then
      local k = t:sub(1, 40)
      groups[k] = groups[k] or {}
      table.insert(groups[k], i)
    end
  end
  local best
  for _, idx in pairs(groups) do
    if #idx >= 3 then
      local first = trim[idx[1]]
      local lcp = #first
      for j = 2, #idx do
        local t = trim[idx[j]]
        local k = 0
        local n = math.min(lcp, #t)
        if t:sub(1, n) == first:sub(1, n) then k = n   -- the usual case, compared in one go
        else
          while k < n and t:byte(k + 1) == first:byte(k + 1) do k = k + 1 end
        end
        lcp = k
      end
      local prefix = first:sub(1, lcp)
      -- cut back to a word boundary
      if lcp < #first and not first:sub(lcp + 1, lcp + 1):match("%s") then
        prefix = prefix:match("^(.*%s)") or prefix
      end
      prefix = prefix:match("^(.-)%s*$")
      local longer = 0
      for _, j in ipairs(idx) do
        local t = trim[j]
        if #t > #prefix + 2 then longer = longer + 1 end
      end
      if #prefix >= 40 and longer >= 2 and (not best or #idx > #best.idx) then
        best = { prefix = prefix, idx = idx }
      end
    end
  end
  return best
end

local function strip_markdown(s)
  -- plain finds first: a "[%[%*_><]" pattern would be tried at every byte
  if not (s:find("[", 1, true) or s:find("*", 1, true) or s:find("_", 1, true) or s:find(">", 1, true)
      or s:find("<", 1, true)) then
    return s
  end
  -- each gsub only when its text can be there (gsub tries every byte)
  if s:find("[", 1, true) then s = s:gsub("%[([^%]]*)%]%b()", "%1") end        -- [text](url) -> text
  if s:find("<", 1, true) then
    s = s:gsub("</?%a[%w%-]*%f[%s/>][^<>]*>", "")   -- inline HTML tags: <a href=...>Name</a> -> Name (not <https://...> links)
  end
  if s:find("**", 1, true) then s = s:gsub("%*%*", "") end
  if s:find("__", 1, true) then s = s:gsub("__", "") end
  s = s:gsub("^%s*>%s?", "")                   -- quote marks
  return s
end

local bullet_prefixes = { "%-", "%*", "\u{2022}", "\u{00B7}", "\u{25AA}", "\u{25E6}", "\u{2023}", "\u{2013}", "\u{25CF}", "\u{27A2}", "o" }

local bullet_patterns, bullet_first_bytes = {}, {}
for i, b in ipairs(bullet_prefixes) do
  bullet_patterns[i] = "^" .. b .. "%s+(.*)$"
  bullet_first_bytes[(b:gsub("^%%", "")):byte(1)] = true
end

-- Classifies one cleaned line: returns kind and fields.
local function classify(t)
  local hashes, rest = t:match("^(#+)%s+(.*)$")
  if hashes and #hashes <= 6 then
    return "heading", { level = #hashes, text = rest:gsub("%s*#+$", "") }
  end
  local bold = t:match("^%*%*(.-)%*%*:?$")
  if bold and not bold:find("%*%*") and bold ~= "" then
    local num = bold:match("^(%d%d?%d?%a?)[%.%)]?$")
    if num then return "item", { number = num, text = "" } end
    return "heading", { text = bold }
  end
  local plain = strip_markdown(t)
  local num, rest2 = plain:match("^(%d%d?%d?%a?)[%.%)]%s+(.+)$")
  if num and not rest2:match("^%d") then return "item", { number = num, text = rest2 } end
  num = plain:match("^(%d%d?%d?)[%.%)]$") or plain:match("^(%d%d?%d?%l)[%.%)]?$")
  if num then return "item", { number = num, text = "" } end
  local c = plain:byte(1)
  if not bullet_first_bytes[c] then return "paragraph", { text = plain } end
  for i, b in ipairs(bullet_prefixes) do
    local r = plain:match(bullet_patterns[i])
    if r and (b ~= "o" or r:match("^%u")) then
      local box, r2 = r:match("^%[([ xX])%]%s*(.*)$")
      return "item", { bullet = true, text = r2 or r, checked = box and box:lower() == "x" or nil }
    end
  end
  return "paragraph", { text = plain }
end

-- Reads data (a UTF-8 string) into a list of blocks.
function B.read(data)
  local start = 1
  if data:sub(1, 3) == "\xEF\xBB\xBF" then start = 4 end
  local lines = B.lines(data, start)
  -- most files have none of the bytes clean_chars looks for: one look at the whole
  if data:find("\xEE", start, true) or data:find("\xEF", start, true) or data:find("\xC2\xA0", start, true) then
    for _, l in ipairs(lines) do l.clean = clean_chars(l.text) end
  else
    for _, l in ipairs(lines) do l.clean = l.text end
  end
  local vf = data:find("\v", start, true) or data:find("\f", start, true)
  local header = find_page_header(lines)
  local header_at = {}
  if header then for _, i in ipairs(header.idx) do header_at[i] = true end end

  local blocks = {}
  local prev_plain -- the paragraph block the next wrapped line may join
  local header_done = false
  local in_front = false
  for i, l in ipairs(lines) do
    local text, first, last = l.clean, l.first, l.last
    if i == 1 and text:match("^%-%-%-%s*$") then in_front = true end
    if in_front then
      if i > 1 and text:match("^%-%-%-%s*$") then in_front = false end
      goto continue
    end
    if header_at[i] then
      local lead = #text:match("^%s*")
      local a = lead + #header.prefix
      if not header_done then
        blocks[#blocks + 1] = { kind = "pageheader", text = header.prefix,
          span = { first + lead, first + a - 1 }, line = l.line }
        header_done = true
      end
      text = text:sub(a + 1)
      first = first + a
      prev_plain = nil
    end
    if text:match("^%s*$") then prev_plain = nil; goto continue end

    local tabbed = false
    -- a tab inside a bulleted line is spacing, not a table's columns
    if text:find("\t") and not text:match("^%s*[%*%-%+\u{2022}]%s+%S") then
      local cells, pos = {}, 1
      while pos <= #text + 1 do
        local tab = text:find("\t", pos, true) or #text + 1
        local a, b = trim_range(text, pos, tab - 1)
        if a <= b then
          local ct = strip_markdown(text:sub(a, b):gsub("%s+", " "))
          if ct:match("%S") then
            cells[#cells + 1] = { text = ct, span = { first + a - 1, first + b - 1 } }
          end
        end
        pos = tab + 1
      end
      if #cells >= 2 then
        blocks[#blocks + 1] = { kind = "row", cells = cells, line = l.line,
          text = (function() local t = {} for _, c in ipairs(cells) do t[#t + 1] = c.text end return table.concat(t, " | ") end)(),
          span = { cells[1].span[1], cells[#cells].span[2] } }
        prev_plain = nil
        goto continue
      end
      text = text:gsub("\t", " ")
      tabbed = true
    elseif text:find("\t") then
      text = text:gsub("\t", " ")
    end

    do
      local a, b = trim_range(text, 1, #text)
      -- a line holds no CR, LF or tab (replaced above): without \v or \f in
      -- the file, only a double space can need squashing
      local t = text:sub(a, b)
      if vf or t:find("  ", 1, true) then t = single_spaced(t) end
      local span = { first + a - 1, first + b - 1 }
      local kind, f = classify(t)
      -- a long line without a full stop, or a line going on in lower case,
      -- is a paragraph wrapped by the converter: join it
      -- (a shorter line counts too when the next goes on in lower case
      -- after no closing stop: "... agreed that the" / "society would ...")
      local wraps = prev_plain and not tabbed and not prev_plain.tabbed
        and (#prev_plain.last_line >= 60
             and (not ends_in(prev_plain.last_line, stops) or t:match("^%l"))
          or #prev_plain.last_line >= 30 and t:match("^%l") and not ends_in(prev_plain.last_line, full_stops))
        and not t:match("^%u[%w ]*:")
      if kind == "paragraph" and wraps then
        -- the pieces are joined once at the end (joining here would copy
        -- the paragraph again for every line)
        local parts = prev_plain.parts or { prev_plain.text }
        prev_plain.parts = parts
        parts[#parts + 1] = f.text
        prev_plain.span[2] = span[2]
        prev_plain.last_line = t
      else
        local blk = { kind = kind, text = f.text, level = f.level, number = f.number,
          bullet = f.bullet, checked = f.checked, span = span, line = l.line,
          indent = #text:match("^%s*"), link = t:match("^%[[^%]]*%]%b()$") and true or nil }
        blocks[#blocks + 1] = blk
        if kind == "paragraph" then blk.last_line = t; blk.tabbed = tabbed; prev_plain = blk else prev_plain = nil end
      end
    end
    ::continue::
  end
  for _, b in ipairs(blocks) do
    if b.parts then b.text = table.concat(b.parts, " "); b.parts = nil end
    b.last_line = nil; b.tabbed = nil
  end
  return blocks
end

return B
