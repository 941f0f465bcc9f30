-- minutes/names.lua -- people's names: honorifics, name-likeness, initials,
-- keys for comparing, and title case for shouted headings.
local defaults = require "minutes.defaults"

local N = {}

-- Without leading and trailing blanks (%s: tab to CR, space). Walks in
-- from the end: a "%s+$" pattern would be tried at every byte.
function N.trim(s)
  local a = s:find("%S")
  if not a then return "" end
  local e = #s
  local b = s:byte(e)
  while b == 32 or (b >= 9 and b <= 13) do e = e - 1; b = s:byte(e) end
  if a == 1 and e == #s then return s end
  return s:sub(a, e)
end

-- Blanks squashed to one space, trimmed. Plain finds first: most text has
-- only single spaces, and gsub would try its pattern at every byte.
-- Memoised (bounded, emptied per meeting): a name is squashed again by
-- each rule it passes through (owner_like, strip_honorifics, is_name).
local squash_memo, squash_n = {}, 0
defaults.on_reset(function() squash_memo, squash_n = {}, 0 end)
function N.squash(s)
  local r = squash_memo[s]
  if r then return r end
  r = s
  if r:find("  ", 1, true) or r:find("\n", 1, true) or r:find("\t", 1, true) or r:find("\r", 1, true)
      or r:find("\f", 1, true) or r:find("\v", 1, true) then
    r = r:gsub("%s+", " ")
  end
  r = N.trim(r)
  if squash_n >= 4096 then squash_memo, squash_n = {}, 0 end
  squash_memo[s], squash_n = r, squash_n + 1
  return r
end

-- Lower-case words of a string, punctuation dropped (for comparing).
function N.words(s)
  local out = {}
  for w in s:lower():gsub("\u{2019}", "'"):gmatch("[%w\128-\255]+") do out[#out + 1] = w end
  return out
end

function N.key(name)
  return table.concat(N.words(name or ""), " ")
end

-- Honorifics by their first word, each word's list longest first so
-- "detective superintendent" wins over "detective". Memoised per list.
local hon_cache = setmetatable({}, { __mode = "k" })
local function honorific_index(rules)
  local list = (rules or defaults).honorifics
  local idx = hon_cache[list]
  if idx and idx.n == #list then return idx.by_first end
  idx = { n = #list, by_first = {} }
  for _, h in ipairs(list) do
    local first = h:match("^%S+")
    if first then
      local l = idx.by_first[first] or {}
      l[#l + 1] = h
      idx.by_first[first] = l
    end
  end
  for _, l in pairs(idx.by_first) do table.sort(l, function(a, b) return #a > #b end) end
  hon_cache[list] = idx
  return idx.by_first
end

-- Strips leading honorifics ("Cllr.", "Supt", "Detective Superintendent").
-- Returns the bare name and the honorific as written (or nil).
function N.strip_honorifics(s, rules)
  local by_first = honorific_index(rules)
  s = N.squash(s)
  local taken = {}
  while true do
    local first = s:match("^[^%s%.]+")
    local list = first and by_first[first:lower()]
    if not list then break end
    local lower = s:lower()
    local hit = false
    for _, h in ipairs(list) do
      if lower:sub(1, #h) == h then
        local rest = s:sub(#h + 1)
        local sep = rest:match("^%.?%s+")
        if sep then
          taken[#taken + 1] = s:sub(1, #h)
          s = rest:sub(#sep + 1)
          hit = true
          break
        end
      end
    end
    if not hit then break end
  end
  return s, (#taken > 0 and table.concat(taken, " ") or nil)
end

local particles = defaults.set_of { "de", "van", "von", "der", "den", "la", "le",
  "du", "da", "di", "del", "bin", "al", "el", "st", "ter", "ten", "dos" }
N.particles = particles     -- read-only

-- A word that can be part of a personal name: "Ann", "O'Brien", "Llywelyn-Roberts",
-- "McDonnell", an initial "C." , or a particle. Memoised (bounded): it
-- depends on the word alone.
local name_word_memo, name_word_n = {}, 0
local function name_word(w)
  local r = name_word_memo[w]
  if r ~= nil then return r end
  if name_word_n >= 4096 then name_word_memo, name_word_n = {}, 0 end
  r = N.is_name_word(w)
  name_word_memo[w], name_word_n = r, name_word_n + 1
  return r
end
-- the test itself: memoised above, as the same few words come back
function N.is_name_word(w)
  if particles[w] then return true end
  if w:match("^%u%.$") or w:match("^%u$") then return true end
  if w:match("^%u[%l\128-\255][%a\128-\255'\u{2019}%-]*$") then return true end
  if w:match("^%u['\u{2019}]%u[%a\128-\255]*$") then return true end     -- O'Brien
  if w:match("^Mc%u%l+$") or w:match("^Mac%u%l+$") then return true end
  return false
end
N.name_word = name_word

-- True when s reads as a person's name (after honorifics are removed):
-- 1..4 name words, no digits, no job-title or body words.
-- opts.single: allow a one-word name (a surname after "Cllr").
-- Memoised per rules table and meeting (bounded): the rules ask again for
-- the same few words before each verb ("The Chair", "Cllr Nandra").
local is_name_memo = { rules = nil, plain = {}, single = {}, n = 0 }
defaults.on_reset(function() is_name_memo.rules = nil end)
function N.is_name(s, rules, opts)
  rules = rules or defaults
  if not s or s == "" then return false end
  local memo = is_name_memo
  if memo.rules ~= rules or memo.n >= 4096 then
    memo.rules, memo.plain, memo.single, memo.n = rules, {}, {}, 0
  end
  local map = opts and opts.single and memo.single or memo.plain
  local r = map[s]
  if r == nil then
    r = N.reads_as_name(s, rules, opts)
    map[s], memo.n = r, memo.n + 1
  end
  return r
end

-- The test itself, unmemoised.
function N.reads_as_name(s, rules, opts)
  local bare = N.strip_honorifics(s, rules)
  local ws = {}
  for w in bare:gmatch("%S+") do
    if #ws == 4 then return false end      -- a fifth word: not a name
    ws[#ws + 1] = w
  end
  if #ws == 0 then return false end
  -- no digits (tested after the word count: that stops early on prose)
  if s:find("%d") then return false end
  if #ws == 1 and not (opts and opts.single) then return false end
  local roles = rules._role_set or defaults.set_of(rules.role_words)
  rules._role_set = roles
  local capitals = 0
  for _, w in ipairs(ws) do
    if not name_word(w) then return false end
    if roles[w:lower()] then return false end
    if not particles[w] then capitals = capitals + 1 end
  end
  return capitals >= 1 and not particles[ws[1]] or (capitals >= 2)
end

-- Initials of a name: "Jane Doe" -> "JD", "Mary-Jane de Vries" -> "MJV".
function N.initials(name)
  local out = {}
  for w in name:gmatch("%S+") do
    if not particles[w] then
      for part in w:gmatch("[^%-]+") do
        local c = part:match("^%u")
        if c then out[#out + 1] = c end
      end
    end
  end
  return table.concat(out)
end

-- First and last word of a name.
function N.first_name(name) return name:match("^(%S+)") end
function N.surname(name) return name:match("(%S+)$") end

-- Title case for a heading printed in capitals: "FILMING AT MEETINGS" ->
-- "Filming at Meetings". Words with digits are left as they are.
function N.title_case(s, rules)
  local small = defaults.set_of((rules or defaults).small_words)
  local i = 0
  return (s:gsub("[%a\128-\255][%w\128-\255'\u{2019}]*", function(w)
    i = i + 1
    local lower = w:lower()
    if i > 1 and small[lower] then return lower end
    return lower:sub(1, 1):upper() .. lower:sub(2)
  end))
end

-- True when the letters of s are (almost) all capitals.
function N.is_shouting(s)
  local upper = select(2, s:gsub("%u", ""))
  local lower = select(2, s:gsub("%l", ""))
  return upper >= 4 and lower <= upper / 10
end

-- Splits a list of names: "A; B, C and D" -> {"A","B","C","D"}.
-- Parenthesised parts stay with their name.
function N.split_list(s)
  if not s:find("(", 1, true) then     -- the common case, without a byte loop
    local parts = {}
    -- each scan only when its text is there (a pattern tries every byte)
    if s:lower():find("and", 1, true) then s = s:gsub("%s+[Aa][Nn][Dd]%s+", ";") end
    if not (s:find(";", 1, true) or s:find(",", 1, true) or s:find("/", 1, true) or s:find("&", 1, true)) then
      local p = N.trim(s)
      if p ~= "" then parts[1] = p end
      return parts
    end
    for piece in s:gmatch("[^;,/&]+") do
      local p = N.trim(piece)
      if p ~= "" then parts[#parts + 1] = p end
    end
    return parts
  end
  -- jump from one bracket, separator or " and " to the next
  local parts, depth, start, i = {}, 0, 1, 1
  local function cut(j)
    local p = N.trim(s:sub(start, j))
    if p ~= "" then parts[#parts + 1] = p end
  end
  while true do
    local a = s:find("[();,/&]", i)
    local b = s:find(" [Aa][Nn][Dd] ", i)
    if not a and not b then break end
    if a and (not b or a < b) then
      local c = s:byte(a)
      if c == 40 then depth = depth + 1                              -- (
      elseif c == 41 then if depth > 0 then depth = depth - 1 end    -- )
      elseif depth == 0 then cut(a - 1); start = a + 1 end
      i = a + 1
    elseif depth == 0 then
      cut(b - 1); start = b + 5; i = b + 5
    else
      i = b + 1
    end
  end
  cut(#s)
  return parts
end

return N
