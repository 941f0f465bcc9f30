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

local byte, sub, find = string.byte, string.sub, string.find
local function is_blank(b) return b == 32 or b >= 9 and b <= 13 end
local text_before = text.token_before

-- A text's tokens (runs of non-blanks) as four arrays, cut in C
-- (clerk.text.tokens): v.w[k] as written, v.bare[k] without the
-- punctuation around it, v.s[k] and v.e[k] its first and last byte; v.n of
-- them. Rules that read a few words around the places they find index
-- these instead of making a table per token. Memoised, bounded.
local LEAD, TRAIL = "(\"'\u{2018}\u{201C}", ".,;:!?)\"'\u{2019}\u{201D}"
local view_memo, view_n = {}, 0
defaults.on_reset(function() view_memo, view_n = {}, 0 end)
local function view(s)
  local v = view_memo[s]
  if v then return v end
  if view_n >= 4096 then view_memo, view_n = {}, 0 end
  local w, bare, st, en = text.tokens(s, LEAD, TRAIL)
  v = { w = w, bare = bare, s = st, e = en, n = #w }
  view_memo[s], view_n = v, view_n + 1
  return v
end
A.view = view

-- The index of the token holding byte p (p is not a blank).
local function index_at(v, p)
  local S = v.s
  local lo, hi = 1, v.n
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if S[mid] <= p then lo = mid else hi = mid - 1 end
  end
  return lo
end


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
local function honorific_at(rules, v, k)
  local h = rules._hon_set or defaults.set_of(rules.honorifics)
  rules._hon_set = h
  if k < 1 then return nil end
  local a = hon_key(v.bare[k])
  if h[a] then return 1 end
  -- two words: only when some honorific of two words ends with this one
  local seconds = rules._hon_seconds
  if not seconds or rules._hon_seconds_of ~= h then
    seconds = {}
    for key in pairs(h) do
      local last = type(key) == "string" and key:match(" (.*)$")
      if last then seconds[last] = true end
    end
    rules._hon_seconds, rules._hon_seconds_of = seconds, h
  end
  if k >= 2 and seconds[a] and h[v.bare[k - 1]:lower() .. " " .. a] then return 2 end
  return nil
end

-- Reads a person's name ending at token j of view v (inclusive), backwards.
-- Returns first token index, name, honorific or nil.
local function name_before(v, j, rules)
  if j < 1 then return nil end
  local W, B = v.w, v.bare
  local w, bare = W[j], B[j]
  if w ~= bare and not w:match("^[%w\128-\255'%-]+$") then return nil end
  if not names.name_word(bare) then return nil end
  local hon = honorific_at(rules, v, j - 1)
  if hon then
    -- "Cllr Nandra", "Detective Superintendent Barnes"
    if not names.is_name(bare, rules, { single = true }) then return nil end
    return j - hon, bare, B[j - 1]
  end
  local prev = B[j - 1]
  if not prev or W[j - 1] ~= prev or not names.name_word(prev) then return nil end
  local first = j - 1
  -- "Peter de Bourg", "Nicholas C. Zakas": a particle or initial in the middle
  if j > 2 and (prev:match("^%l+$") or prev:match("^%u%.?$")) and names.name_word(B[j - 2]) and W[j - 2] == B[j - 2] then
    first = j - 2
  end
  if B[first]:match("^%l") then return nil end
  local name = first == j - 1 and B[first] .. " " .. bare or B[first] .. " " .. B[first + 1] .. " " .. bare
  if not names.is_name(name, rules) then return nil end
  local h = honorific_at(rules, v, first - 1)
  if h then return first - h, name, B[first - 1] end
  return first, name, nil
end

local function verb_at(v, i, verbs, firsts)
  local w = v.bare[i]:lower()
  if verbs[w] then return i end
  if not firsts[w] then return nil end
  local w2 = i < v.n and (w .. " " .. v.bare[i + 1]:lower())
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
  local v     -- the text's tokens, cut once a verb needs the words before it
  local at, z = m:find(s)
  while at do
    local nxt = z + 1
    -- a lower-case word starting a token, not the first
    local b = byte(s, at)
    if b >= 97 and b <= 122 and at > 1 and is_blank(byte(s, at - 1)) then
      -- what precedes the verb can start a name only if it is capitalised,
      -- "from" or a particle ("Peter de"): most prose is turned away here,
      -- from the bytes, before the text is cut into tokens
      local p, e = text_before(s, at)
      local pb = p and byte(s, p) or 0    -- 0: blanks alone before it
      local maybe = pb >= 65 and pb <= 90
      if pb == 0 then
        maybe = false
      elseif pb >= 97 and pb <= 122 then
        local w = sub(s, p, e)
        local last = byte(w, -1)
        maybe = particles[w] or w == "from"
          or not (last >= 97 and last <= 122 or last >= 65 and last <= 90 or last >= 48 and last <= 57)
      elseif not maybe then
        maybe = not (pb >= 48 and pb <= 57)
      end
      if maybe then
        v = v or view(s)
        local W, B, S, E = v.w, v.bare, v.s, v.e
        local i = index_at(v, at)
        nxt = E[i] + 1
        local bare, pbare = B[i], B[i - 1]
        local c = byte(pbare, 1)
        if (verbs[bare] or firsts[bare]) and c and (c >= 65 and c <= 90 or pbare == "from" or particles[pbare]) then
          if may == nil then
            may = find(bare, "^%l+$") and find(W[i - 1], "%u[%w'%-\128-\255]*[%.,]?$")
              and true or A.may_speak(s, verbs, firsts)
            if not may then return out end
          end
          if verb_at(v, i, verbs, firsts) then
            local j = i - 1
            -- "X from Org presented"
            for k = i - 1, i - 4, -1 do
              if k < 1 then break end
              local bk = B[k]
              if bk == "from" then j = k - 1; break end
              local ck = byte(bk, 1)
              if not (ck and ck >= 65 and ck <= 90) then break end
            end
            local first, name, hon = name_before(v, j, rules)
            if first then
              out[#out + 1] = { name = name, honorific = hon, s = S[first], e = E[j] }
              -- "A and B updated"
              if B[first - 1] == "and" then
                local f2, n2, h2 = name_before(v, first - 2, rules)
                if f2 then table.insert(out, #out, { name = n2, honorific = h2, s = S[f2], e = E[first - 2] }) end
              end
            end
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
  local v     -- the text's tokens, cut at the first title
  local at, z = m:find(s)
  while at do
    local nxt = z + 1
    local b = byte(s, at)   -- an honorific is written with a capital
    if b >= 65 and b <= 90 or not (b >= 97 and b <= 122) then
      v = v or view(s)
      local W, B = v.w, v.bare
      local i = index_at(v, at)
      nxt = v.e[i] + 1
      local bare = B[i]
      local c = byte(bare, 1)
      -- the two words after it, the first without punctuation
      if c and c >= 65 and c <= 90 and hon[hon_key(bare)] and i + 2 <= v.n and W[i + 1] == B[i + 1] then
        local name = B[i + 1] .. " " .. B[i + 2]
        if names.is_name(name, rules) then out[#out + 1] = name end
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
  local v = view(s:sub(at))
  local W, B = v.w, v.bare
  for i = 2, v.n do
    if B[i] == "as" or B[i] == "to" then
      local first, name = name_before(v, i - 1, rules)
      if first and W[i - 1] == B[i - 1] then out[#out + 1] = name end
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
        local v = view(t:sub(at))
        local ws = {}
        for k = 1, v.n do
          local w, bare = v.w[k], v.bare[k]
          if #ws >= 3 or not names.name_word(bare) or roles[bare:lower()] then break end
          ws[#ws + 1] = bare
          if w ~= bare then break end
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
