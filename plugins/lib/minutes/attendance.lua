-- minutes/attendance.lua -- who was there: labelled lists ("Present:",
-- "Apologies:", "Also present:"), apology sentences, substitutions, and,
-- when the minutes carry no list of those present, the people recorded as
-- speaking.
local defaults = require "minutes.defaults"
local names = require "minutes.names"
-- clerk.text: the host's in a plugin, the C module's under stock lua5.4
local text = (clerk or require "clerk").text

local A = {}

local status_rank = { substitute = 5, present = 4, in_attendance = 3, absent = 2, apologies = 1 }

-- Tokens of s with byte positions: { {w=, s=, e=, bare=} }, bare is the
-- word without surrounding punctuation.
local byte, sub, find = string.byte, string.sub, string.find
local function bare_of(w)
  -- most words start and end with a letter or digit: strip only when not
  local bare = w
  local b = byte(w, 1)
  if not (b >= 97 and b <= 122 or b >= 65 and b <= 90 or b >= 48 and b <= 57) then
    bare = w:sub(#w:match("^[%(\"'\u{2018}\u{201C}]*") + 1)
  end
  b = byte(w, -1)
  if not (b >= 97 and b <= 122 or b >= 65 and b <= 90 or b >= 48 and b <= 57) then
    bare = bare:gsub("[%.,;:!%?%)\"'\u{2019}\u{201D}]+$", "")
  end
  return bare
end
local function tokenize(s)
  local out, n = {}, 0
  for st, w in s:gmatch("()(%S+)") do
    n = n + 1
    out[n] = { w = w, s = st, e = st + #w - 1, bare = bare_of(w) }
  end
  return out
end

-- Single tokens, for rules that find their few places first (clerk.text)
-- and read only the words around them: each is the table tokenize would
-- give for the same run of non-blanks.
local function is_blank(b) return b == 32 or b >= 9 and b <= 13 end
local text_token, text_before, text_after = text.token, text.token_before, text.token_after
local function token(s, a, e)
  local w = sub(s, a, e)
  return { w = w, s = a, e = e, bare = bare_of(w) }
end
-- the token holding byte p
local function token_around(s, p)
  return token(s, text_token(s, p))
end
-- the token before the one starting at a, or nil at the start of s
local function token_before(s, a)
  local p, e = text_before(s, a)
  return p and token(s, p, e)
end
-- the token after byte e, or nil at the end of s
local function token_after(s, e)
  local a, z = find(s, "%S+", e + 1)
  return a and token(s, a, z)
end
A.token_around, A.token_after = token_around, token_after

-- The tokens of s around one token, read lazily: window[V] is the token,
-- window[V - k] the k-th before it and window[V + 1] the next; an index
-- before the first token of s gives nil, as tokenize's list does. The
-- slots before V are made with the table (no rule reads 19 words back), so
-- filling them never grows it.
local V = 20
local window_meta = {
  __index = function(t, k)
    if type(k) ~= "number" then return nil end
    if k < t.lo then
      if t.at_start then return nil end
      local s, lo = t.str, t.lo
      while lo > k do
        local tk = token_before(s, rawget(t, lo).s)
        if not tk then t.at_start = true; t.lo = lo; return nil end
        lo = lo - 1
        rawset(t, lo, tk)
      end
      t.lo = lo
      return rawget(t, k)
    elseif k == V + 1 then
      local tk = token_after(t.str, rawget(t, V).e)
      if tk then rawset(t, k, tk) end
      return tk
    end
    return nil
  end,
}
local function window(s, tok, prev)
  return setmetatable({ nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
    prev, tok, lo = V - 1, str = s, at_start = false }, window_meta)
end

-- Several rules read the same unit's tokens: memoised, bounded. Callers
-- treat the result as read-only.
local tok_memo, tok_count = {}, 0
defaults.on_reset(function() tok_memo, tok_count = {}, 0 end)
local function tokens(s)
  local t = tok_memo[s]
  if t then return t end
  if tok_count >= 4096 then tok_memo, tok_count = {}, 0 end
  t = tokenize(s)
  tok_memo[s], tok_count = t, tok_count + 1
  return t
end
A.tokens = tokens

-- The honorific ending at token t1 (t2 the token before it): 1 for one
-- word ("Cllr"), 2 for two ("Detective Superintendent"), or nil.
local hon_key_memo, hon_key_n = {}, 0      -- bare -> its lower case without a final "."
local function hon_key(bare)
  local a = hon_key_memo[bare]
  if a then return a end
  if hon_key_n >= 4096 then hon_key_memo, hon_key_n = {}, 0 end
  a = bare:lower():gsub("%.$", "")
  hon_key_memo[bare], hon_key_n = a, hon_key_n + 1
  return a
end
local function honorific_token(rules, t1, t2)
  local h = rules._hon_set or defaults.set_of(rules.honorifics)
  rules._hon_set = h
  if not t1 then return nil end
  local a = hon_key(t1.bare)
  if h[a] then return 1 end
  -- two words: only when some honorific of two words ends with this one
  local seconds = rules._hon_seconds
  if not seconds or rules._hon_seconds_of ~= h then
    seconds = {}
    for k in pairs(h) do
      local last = type(k) == "string" and k:match(" (.*)$")
      if last then seconds[last] = true end
    end
    rules._hon_seconds, rules._hon_seconds_of = seconds, h
  end
  if t2 and seconds[a] and h[t2.bare:lower() .. " " .. a] then return 2 end
  return nil
end

-- Reads a person's name ending at token j (inclusive), backwards.
-- Returns first token index, name, honorific or nil.
local function name_before(toks, j, rules)
  local t = toks[j]
  if not t or t.w ~= t.bare and not t.w:match("^[%w\128-\255'%-]+$") then return nil end
  if not names.name_word(t.bare) then return nil end
  local prev = toks[j - 1]
  local hon = honorific_token(rules, prev, toks[j - 2])
  if hon then
    -- "Cllr Nandra", "Detective Superintendent Barnes"
    local name = t.bare
    if not names.is_name(name, rules, { single = true }) then return nil end
    return j - hon, name, prev.bare
  end
  if not prev or prev.w ~= prev.bare or not names.name_word(prev.bare) then return nil end
  local first = j - 1
  local p2 = toks[j - 2]
  -- "Peter de Bourg", "Nicholas C. Zakas": a particle or initial in the middle
  if p2 and (prev.bare:match("^%l+$") or prev.bare:match("^%u%.?$")) and names.name_word(p2.bare) and p2.w == p2.bare then
    first = j - 2
  end
  if toks[first].bare:match("^%l") then return nil end
  local name = first == j - 1 and toks[first].bare .. " " .. toks[j].bare
    or toks[first].bare .. " " .. toks[first + 1].bare .. " " .. toks[j].bare
  if not names.is_name(name, rules) then return nil end
  local h = honorific_token(rules, toks[first - 1], toks[first - 2])
  if h then return first - h, name, toks[first - 1].bare end
  return first, name, nil
end

local function verb_at(toks, i, verbs, firsts)
  local w = toks[i].bare:lower()
  if verbs[w] then return i end
  if not firsts[w] then return nil end
  local w2 = toks[i + 1] and (w .. " " .. toks[i + 1].bare:lower())
  if w2 and verbs[w2] then return i + 1 end
  return nil
end

-- True when some capitalised word of s is followed by a word of verbs or
-- firsts: does s:gmatch("%u[%w'%-\128-\255]*[%.,]?%s+(%l+)") give one?
-- Any capital the gmatch could start at gives the same word from there, so
-- in a long text plain finds jump from capital to capital and the rest of
-- the pattern is tried only there (the gmatch tries every byte).
local capitals = {}
for c = 65, 90 do capitals[#capitals + 1] = string.char(c) end
local SPEAKER = "%u[%w'%-\128-\255]*[%.,]?%s+(%l+)"
local SPEAKER_AFTER_CAPITAL = "^[%w'%-\128-\255]*[%.,]?%s+(%l+)"
function A.may_speak(s, verbs, firsts)
  if not defaults.has_capital(s) then return false end
  if #s < 200 then       -- a shorter text: one gmatch costs less than 26 finds
    for w in s:gmatch(SPEAKER) do
      if verbs[w] or firsts[w] then return true end
    end
    return false
  end
  local find, match = string.find, string.match
  for _, cap in ipairs(capitals) do
    local q = find(s, cap, 1, true)
    while q do
      local w = match(s, SPEAKER_AFTER_CAPITAL, q + 1)
      if w and (verbs[w] or firsts[w]) then return true end
      q = find(s, cap, q + 1, true)
    end
  end
  return false
end

-- People recorded as speaking in s: "Jo Bloggs advised", "Cllr Nandra
-- noted", "Ann Lee from Riverside Trust presented", "A and B updated".
-- Returns { {name=, honorific=, s=, e=} } (byte positions in s).
local speakers_memo = { rules = nil, map = {}, n = 0 }
defaults.on_reset(function() speakers_memo.map, speakers_memo.n = {}, 0 end)

function A.speakers(s, rules)
  rules = rules or defaults
  -- several rules ask for the same unit's speakers: memoised per rules table
  local memo = speakers_memo
  if memo.rules ~= rules or memo.n >= 4096 then
    memo.rules, memo.map, memo.n = rules, {}, 0
  end
  local hit = memo.map[s]
  if hit then return hit end
  local out = {}
  memo.map[s], memo.n = out, memo.n + 1
  local verbs = rules._verb_set or defaults.set_of(rules.speech_verbs)
  rules._verb_set = verbs
  local firsts = defaults.first_words(rules.speech_verbs)
  -- A.may_speak (a capitalised word just before a verb, anywhere in s)
  -- gates the whole text: asked only once a verb is found that could have a
  -- speaker before it, and then most often answered by that verb itself
  local may = nil
  -- a speaker is named just before a verb: the verbs are found in C, and
  -- only the words before each are read (a name, "X from Org", "A and B")
  local m = rules._verb_words
  if not m then
    local list = {}
    for w in pairs(verbs) do
      if type(w) == "string" and w ~= "" and #w < 256 and not find(w, "%s") then list[#list + 1] = w end
    end
    for w in pairs(firsts) do
      if not verbs[w] and #w < 256 then list[#list + 1] = w end
    end
    table.sort(list)
    m = text.words(list)
    rules._verb_words = m
  end
  local particles = names.particles
  local n = #s
  local at, z = m:find(s)
  while at do
    local nxt = z + 1
    -- a lower-case word starting a token, not the first
    local b = byte(s, at)
    local prev, t
    if b >= 97 and b <= 122 and at > 1 and is_blank(byte(s, at - 1)) then
      -- what precedes the verb can start a name only if it is capitalised,
      -- "from" or a particle ("Peter de"): most prose is turned away here
      -- before any token is made
      local p, e = text_before(s, at)
      local pb = p and byte(s, p)
      if pb and pb >= 65 and pb <= 90 then
        prev = token(s, p, e)
      elseif pb and (pb >= 97 and pb <= 122) then
        local w = sub(s, p, e)
        local last = byte(w, -1)
        if particles[w] or w == "from" or not (last >= 97 and last <= 122 or last >= 65 and last <= 90 or last >= 48 and last <= 57) then
          prev = token(s, p, e)
        end
      elseif pb and not (pb >= 48 and pb <= 57) then
        prev = token(s, p, e)
      end
      if prev then
        local c = byte(prev.bare, 1)
        if not (c and (c >= 65 and c <= 90 or prev.bare == "from" or particles[prev.bare])) then prev = nil end
      end
      if prev then
        -- the verb's token: the word itself when a blank or the end follows it
        if z == n or is_blank(byte(s, z + 1)) then
          local w = sub(s, at, z)
          t = { w = w, s = at, e = z, bare = bare_of(w) }
        else
          t = token(s, text_token(s, at))
        end
        nxt = t.e + 1
        if not (verbs[t.bare] or firsts[t.bare]) then t = nil end
      end
      if t and may == nil then
        may = find(t.bare, "^%l+$") and find(sub(s, prev.s, prev.e), "%u[%w'%-\128-\255]*[%.,]?$")
          and true or A.may_speak(s, verbs, firsts)
        if not may then return out end
      end
    end
    if t then
      local toks, i = window(s, t, prev), V
      if verb_at(toks, i, verbs, firsts) then
        local j = i - 1
        -- "X from Org presented"
        for back = 1, 4 do
          local t = toks[i - back]
          if not t then break end
          if t.bare == "from" then j = i - back - 1; break end
          local c = byte(t.bare, 1)
          if not (c and c >= 65 and c <= 90) then break end
        end
        local first, name, hon = name_before(toks, j, rules)
        if first then
          out[#out + 1] = { name = name, honorific = hon, s = toks[first].s, e = toks[j].e }
          -- "A and B updated"
          if toks[first - 1] and toks[first - 1].bare == "and" then
            local f2, n2, h2 = name_before(toks, first - 2, rules)
            if f2 then table.insert(out, #out, { name = n2, honorific = h2, s = toks[f2].s, e = toks[first - 2].e }) end
          end
        end
      end
    end
    at, z = m:find(s, nxt)
  end
  return out
end

-- Names written after a title in s: "Cllr Priya Nandra reported" gives
-- "Priya Nandra" (the two words after a capitalised honorific, the first
-- without punctuation, when they read as a name). The titles are found in
-- C, any case; only the two words after each are read.
function A.titled(s, rules)
  rules = rules or defaults
  local hon = defaults.set_of(rules.honorifics)
  local m = rules._hon_words
  if not m or rules._hon_words_of ~= hon then
    local list = {}
    for w in pairs(hon) do
      if type(w) == "string" and w ~= "" and #w < 256 and not find(w, "%s") then list[#list + 1] = w end
    end
    table.sort(list)
    m = text.words(list, true)
    rules._hon_words, rules._hon_words_of = m, hon
  end
  local out = {}
  local n = #s
  local at, z = m:find(s)
  while at do
    local nxt = z + 1
    local b = byte(s, at)   -- an honorific is written with a capital
    if b >= 65 and b <= 90 or not (b >= 97 and b <= 122) then
      -- the title's token: the word itself when blanks stand either side
      local w, e
      if (at == 1 or is_blank(byte(s, at - 1))) and (z == n or is_blank(byte(s, z + 1))) then
        w, e = sub(s, at, z), z
      else
        local a
        a, e = text_token(s, at)
        w = sub(s, a, e)
      end
      nxt = e + 1
      local bare = bare_of(w)
      local c = byte(bare, 1)
      if c and c >= 65 and c <= 90 and hon[hon_key(bare)] then
        -- the two words after it, the first without punctuation
        local a1, e1 = text_after(s, e)
        local a2, e2
        if a1 then a2, e2 = text_after(s, e1) end
        if a2 then
          local w1 = sub(s, a1, e1)
          local b1 = bare_of(w1)
          if w1 == b1 then
            local name = b1 .. " " .. bare_of(sub(s, a2, e2))
            if names.is_name(name, rules) then out[#out + 1] = name end
          end
        end
      end
    end
    at, z = m:find(s, nxt)
  end
  return out
end

-- "The board welcomed Ann Lee as the new ... and Raj Patel as ..."
local function welcomed(s, rules)
  local out = {}
  local at = s:find("welcomed ")
  if not at then return out end
  local toks = tokens(s:sub(at))
  for i = 2, #toks do
    if toks[i].bare == "as" or toks[i].bare == "to" then
      local first, name = name_before(toks, i - 1, rules)
      if first and toks[i - 1].w == toks[i - 1].bare then out[#out + 1] = name end
    end
  end
  return out
end

-- Parses one list entry: "Cllr Ann Lee (Chair)", "Rod Vagg (TSC)",
-- "John Abbey (Gill Gibson substituted)", "Ann Lee, Head of Housing".
-- Returns {name=, role=, organisation=, chair=, substitute=} or nil.
function A.entry(s, rules, opts)
  rules = rules or defaults
  s = names.squash(s):gsub("[%.;,]$", "")
  local e = {}
  -- "Ann Lee @annlee (voting member)": a handle after the name is not part of it
  if s:find("%S%s+@[%w_%-]+") then s = s:gsub("(%S)%s+@[%w_%-]+", "%1") end
  -- "Ann Lee [Riverside Trust]": a bracketed organisation (not a [link](url))
  s = s:gsub("%s*%[([^%]]+)%](%(?)", function(org, paren)
    if paren ~= "" then return nil end
    e.organisation = e.organisation or defaults.expand(org, rules)
    return ""
  end)
  s = s:gsub("%s*%(([^%)]*)%)", function(p)
    local lp = p:lower()
    if lp:match("^chair") or lp == "chairman" or lp == "chairperson" or lp == "in the chair" then
      e.chair = true; e.role = "Chair"
    elseif lp:match("^vice[%- ]chair") then
      e.role = "Vice-Chair"
    else
      local sub = p:match("^(.-)%s+substitut%a*$") or p:match("^(.-)%s+deputi[sz]%a*$")
      local for_ = p:match("^[Ss]ubstitut%a*%s+for%s+(.+)$") or p:match("^[Dd]eputi[sz]%a*%s+for%s+(.+)$")
        or p:match("^[Ss]ub%s+for%s+(.+)$") or p:match("^[Ff]or%s+(.+)$")
      if sub then e.substituted_by = names.strip_honorifics(sub, rules)
      elseif for_ then e.substitute_for = names.strip_honorifics(for_, rules)
      elseif not p:match("^@") then e.organisation = defaults.expand(p, rules) end
    end
    return ""
  end)
  local name, role = s:match("^(.-)%s+[%-\u{2013}\u{2014}]%s+(.+)$")
  if not name then name, role = s:match("^(.-),%s*(.+)$") end
  if not name or not names.is_name(names.strip_honorifics(name, rules), rules) then
    name, role = s, nil
  end
  local bare, hon = names.strip_honorifics(name, rules)
  -- a bare title ("Mayor", "Cllr") is nobody's name
  if defaults.set_of(rules.honorifics)[bare:lower():gsub("%.$", "")] then return nil end
  if not names.is_name(bare, rules, { single = opts and opts.single or hon ~= nil }) then return nil end
  e.name = bare
  e.role = e.role or role or hon
  return e
end

-- Splits a unit into entries when every part reads as a name.
local function entries_of(text, rules, opts)
  text = text:gsub("%.$", "")
  local parts = names.split_list(text)
  local out = {}
  -- one-word names ("Carol", "Mullane") only inside a list of several
  local single = opts and opts.single and #parts >= 2
  for _, p in ipairs(parts) do
    local e = A.entry(p, rules, { single = single })
    if not e then out = nil; break end
    out[#out + 1] = e
  end
  if out and #out > 0 then return out end
  -- one entry with a role after a comma: "Ann Lee, Head of Housing"
  local e = A.entry(text, rules)
  if e then return { e } end
  return nil
end

local function label_of(text, rules)
  local first = text:match("^%s*([^%s%p]+)")
  if not first or not defaults.first_words(rules.attendance_labels)[first:lower()] then return nil end
  local lower = text:lower():gsub("^%s+", "")
  local best, status, rest
  for label, st in pairs(rules.attendance_labels) do
    if lower:sub(1, #label) == label and (not best or #label > #best) then
      local r = text:sub(#label + 1)
      if r:match("^%s*$") or r:match("^%s*[:%-\u{2013}]") then
        best, status, rest = label, st, r:gsub("^%s*[:%-\u{2013}]?%s*", "")
      end
    end
  end
  return status, rest
end
A.label_of = label_of

-- Reads attendance from units. Returns list of
-- {name, status, role, organisation, substitute_for, span, rule} and chair.
-- listed: attendance found elsewhere (an attendee table); when it names
-- anyone present, the minutes have their list and speakers are not added.
function A.parse(units, rules, listed)
  rules = rules or defaults
  local people, order = {}, {}
  local chair
  local function add(e, status, unit, rule)
    local key = names.key(e.name)
    if key == "" then return end
    local cur = people[key]
    local rec = { name = e.name, status = status, role = e.role, organisation = e.organisation,
      substitute_for = e.substitute_for, span = unit and unit.span, rule = rule }
    if e.chair then chair = chair or e.name end
    if not cur then
      people[key] = rec
      order[#order + 1] = key
    elseif (status_rank[status] or 0) > (status_rank[cur.status] or 0) then
      rec.role = rec.role or cur.role
      people[key] = rec
    end
    if e.substituted_by then
      add({ name = e.substituted_by, substitute_for = e.name }, "substitute", unit, rule .. "/substitution")
    end
  end

  -- labelled lists
  local i = 1
  while i <= #units do
    local u = units[i]
    local status, rest = label_of(u.text, rules)
    if status then
      local listed = 0
      if rest ~= "" then
        local es = entries_of(rest, rules, { single = true })
        if es then
          for _, e in ipairs(es) do add(e, status, u, "attendance.list"); listed = listed + 1 end
        end
      end
      -- the list goes on in the following units while they are names
      local j = i + 1
      while j <= #units do
        local v = units[j]
        if v.kind == "heading" then break end    -- a heading ends the list
        local st2, rest2 = label_of(v.text, rules)
        if st2 then break end
        local es = entries_of(v.text, rules, { single = true })
        if not es then break end
        for _, e in ipairs(es) do add(e, status, v, "attendance.list") end
        j = j + 1
      end
      i = math.max(j, i + 1)
    else
      i = i + 1
    end
  end

  -- sentences: apologies, substitutions, chair
  local roles = defaults.set_of(rules.role_words)
  for _, u in ipairs(units) do
    local t = u.text
    local list = t:find("pologies", 1, true) and (t:match("[Aa]pologies for absence %a* ?%a* ?%a* from (.+)$")
      or t:match("[Aa]pologies %a* ?%a* ?%a* from (.+)$")
      or t:match("[Aa]pologies %a* ?%a* ?%a* by (.+)$"))
    if list then
      list = list:gsub("%.%s.*$", ""):gsub("%.$", "")
      local es = entries_of(list, rules)
      if es then for _, e in ipairs(es) do add(e, "apologies", u, "attendance.apologies_sentence") end end
    end
    -- "deputising for Jo Bloggs": Jo Bloggs sent apologies
    if t:find("eputi", 1, true) then
      for at in t:gmatch("[Dd]eputi[sz]ing for ()") do
        local toks = tokens(t:sub(at))
        local ws = {}
        for _, tk in ipairs(toks) do
          if #ws >= 3 or not names.name_word(tk.bare) or roles[tk.bare:lower()] then break end
          ws[#ws + 1] = tk.bare
          if tk.w ~= tk.bare then break end
        end
        local e = #ws >= 2 and A.entry(table.concat(ws, " "), rules)
        if e then add(e, "apologies", u, "attendance.deputised_for") end
      end
    end
    -- the first two forms start with a C: one byte read spares their matches
    local b = byte(t, 1)
    local c = (b == 67 or b == 99) and (t:match("^[Cc]hair%a*%s*:%s*(.+)$") or t:match("^[Cc]haired by:?%s*(.+)$"))
      or t:match("^%a*%s*[Ii][Nn] [Tt][Hh][Ee] [Cc][Hh][Aa][Ii][Rr]%s*:%s*(.+)$")   -- "Present in the chair: ..."
    if c then
      local e = A.entry(c:gsub("%s*[%(,].*$", ""), rules)
      if e then chair = chair or e.name; e.role = e.role or "Chair"; e.chair = true; add(e, "present", u, "attendance.chair") end
    end
  end

  -- no list of those present: the people who spoke were there
  local present = 0
  local function here(st) return st == "present" or st == "in_attendance" or st == "substitute" end
  for _, k in ipairs(order) do
    if here(people[k].status) then present = present + 1 end
  end
  for _, a in ipairs(listed or {}) do
    if here(a.status) then present = present + 1 end
  end
  if present == 0 then
    for _, u in ipairs(units) do
      for _, sp in ipairs(A.speakers(u.text, rules)) do
        add({ name = sp.name, role = sp.honorific, single = sp.honorific ~= nil }, "present", u, "attendance.speaker")
      end
      for _, n in ipairs(welcomed(u.text, rules)) do add({ name = n }, "present", u, "attendance.welcomed") end
    end
  end

  local out = {}
  for _, k in ipairs(order) do out[#out + 1] = people[k] end
  return out, chair
end

return A
